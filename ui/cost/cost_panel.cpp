#include "ui/cost/cost_panel.h"

#include "ui/cost/cost_bars.h"
#include "ui/cost/cost_table_model.h"

#include <QLabel>
#include <QLayout>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace moe::ui {

CostPanel::CostPanel(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("<b>Cost per input</b> <span style='color:#666'>(forward pass; "
                                "training costs about 3×)</span>"),
                             this);
    title->setWordWrap(true);  // two lines in a narrow column rather than cut
    m_saving = new QLabel(this);
    m_saving->setObjectName(QStringLiteral("costSaving"));
    m_saving->setWordWrap(true);
    m_saving->setToolTip(tr("Saving = 1 − FLOPs(MoE) / FLOPs(dense with equal parameters). Counted "
                            "dropless: the MoE computes only what was routed."));
    m_bars = new CostBars(this);
    m_model = new CostTableModel(this);
    // The full table, the measured latency and the Pareto view live in the Cost tab.
    auto* more = new QLabel(tr("<span style='color:#666'>More in the <b>Cost</b> tab.</span>"), this);
    more->setToolTip(tr("The Cost tab has every number, the measured latency and the accuracy "
                        "against top-k."));
    more->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(m_saving);
    layout->addWidget(m_bars);
    layout->addWidget(more);
    layout->addStretch(1);
    clear();
}

void CostPanel::setCost(const moe::CostReport& cost) {
    m_model->setCost(cost);
    m_bars->setCost(cost);
    m_saving->setText(savingText());
    updateGeometry();  // the saving may take another line
}

void CostPanel::clear() {
    m_model->clear();
    m_bars->clear();
    m_saving->setText(tr("Waiting for the models…"));
    updateGeometry();
}

QSize CostPanel::minimumSizeHint() const {
    QSize size = QWidget::minimumSizeHint();
    if (layout() && width() > 0) size.setHeight(std::max(size.height(), layout()->heightForWidth(width())));
    return size;
}

void CostPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width()) updateGeometry();
}

QString CostPanel::savingText() const {
    if (!m_model->hasCost()) return {};
    const double saving = m_model->cost().savingVsDenseParams();
    const QString percent = QStringLiteral("%1%").arg(100.0 * std::abs(saving), 0, 'f', 0);
    if (saving >= 0.0)
        return tr("The MoE needs <b>%1 fewer FLOPs</b> per input than a dense model with the "
                  "same number of parameters.").arg(percent);
    return tr("The MoE needs <b>%1 more FLOPs</b> per input than a dense model with the same "
              "number of parameters: the sparsity does not save enough to pay for the gate.")
        .arg(percent);
}

}  // namespace moe::ui
