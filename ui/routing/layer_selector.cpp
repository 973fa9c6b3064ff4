#include "ui/routing/layer_selector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

namespace moe::ui {

LayerSelector::LayerSelector(const QString& what, QWidget* parent) : QWidget(parent) {
    m_box = new QComboBox(this);
    m_box->setToolTip(tr("Each residual MoE block has its own router: choose whose %1 to show.").arg(what));
    auto* label = new QLabel(tr("MoE &block:"), this);
    label->setBuddy(m_box);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(m_box);
    connect(m_box, &QComboBox::currentIndexChanged, this, [this](int index) { emit layerChanged(std::max(index, 0)); });
    hide();
}

void LayerSelector::setLayerCount(int layers) {
    if (m_box->count() != layers) {
        const QSignalBlocker block(m_box);
        const int keep = m_box->currentIndex();
        m_box->clear();
        for (int i = 0; i < layers; ++i) m_box->addItem(tr("Block %1").arg(i + 1));
        m_box->setCurrentIndex(std::clamp(keep, 0, std::max(layers - 1, 0)));
    }
    setVisible(layers > 1);
}

int LayerSelector::layer() const { return std::max(0, m_box->currentIndex()); }

}  // namespace moe::ui
