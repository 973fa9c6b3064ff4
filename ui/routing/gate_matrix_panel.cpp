#include "ui/routing/gate_matrix_panel.h"

#include "ui/charts/expert_palette.h"
#include "ui/charts/heatmap_view.h"
#include "ui/routing/layer_selector.h"
#include "ui/routing/routing_maps.h"
#include "ui/training/training_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

namespace moe::ui {

GateMatrixPanel::GateMatrixPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("gateMatrixCaption"));
    // Room goes to the controls: the caption wraps rather than widen the window.
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_caption->setWordWrap(true);
    m_orderBox = new QComboBox(this);
    m_orderBox->setObjectName(QStringLiteral("gateMatrixOrder"));
    m_orderBox->addItem(tr("By class"), static_cast<int>(GateMatrixOrder::Key::ByClass));
    m_orderBox->addItem(tr("By top expert"), static_cast<int>(GateMatrixOrder::Key::ByTopExpert));
    m_orderBox->addItem(tr("By gate confidence"), static_cast<int>(GateMatrixOrder::Key::ByConfidence));
    m_orderBox->setToolTip(tr("<p>How the rows (test samples) are arranged.<br><b>By class</b>: one band per "
                              "true class, sorted inside by the expert the gate prefers: a specialised gate "
                              "shows one bright column per band.<br><b>By top expert</b>: one band per "
                              "expert, the gate's favourite; band heights are the experts' shares.<br><b>By "
                              "gate confidence</b>: the surest decisions on top; a confident gate is bright "
                              "in one column, an unsure one spreads its colour.</p>"));
    m_fullScale = new QCheckBox(tr("&0–1 scale"), this);
    m_fullScale->setObjectName(QStringLiteral("gateMatrixFullScale"));
    m_fullScale->setToolTip(tr("<p>On: colours span the whole probability range 0–1, so brightness reads as "
                               "certainty.<br>Off: colours run from 0 to the largest probability shown, which "
                               "brings out the structure of a gate that is still unsure.</p>"));
    auto* orderLabel = new QLabel(tr("&Rows:"), this);
    orderLabel->setBuddy(m_orderBox);
    m_layers = new LayerSelector(tr("gate"), this);
    m_layers->comboBox()->setObjectName(QStringLiteral("gateMatrixLayer"));

    m_view = new HeatmapView(this);
    m_view->setObjectName(QStringLiteral("gateMatrix"));
    m_view->setToolTipExtra([this](int row, int col) { return cellDetails(row, col); });
    m_view->setToolTip(tr("<p>The gate probability matrix: one row per test sample, one column per expert, "
                          "colour = the router's probability p<sub>e</sub>(x) of sending the sample to that "
                          "expert. Rows of a softmax router sum to 1.</p><p>A dot marks the experts a "
                          "sample was sent to, a cross an assignment the capacity limit dropped (shown when "
                          "rows are tall enough; every cell's tooltip says it in words).</p>"));

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_caption, 1);
    header->addWidget(m_fullScale);
    header->addSpacing(8);
    header->addWidget(orderLabel);
    header->addWidget(m_orderBox);
    header->addSpacing(8);
    header->addWidget(m_layers);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);
    connect(&m_redrawTimer, &QTimer::timeout, this, &GateMatrixPanel::redraw);
    connect(m_controller, &TrainingController::gateMatricesChanged, this, &GateMatrixPanel::scheduleRedraw);
    connect(m_controller, &TrainingController::experimentReset, this, &GateMatrixPanel::scheduleRedraw);
    connect(m_orderBox, &QComboBox::currentIndexChanged, this, &GateMatrixPanel::redrawNow);
    connect(m_layers, &LayerSelector::layerChanged, this, &GateMatrixPanel::redrawNow);
    connect(m_fullScale, &QCheckBox::toggled, this, &GateMatrixPanel::redrawNow);
    redraw();
}

GateMatrixOrder::Key GateMatrixPanel::orderKey() const {
    return static_cast<GateMatrixOrder::Key>(m_orderBox->currentData().toInt());
}

void GateMatrixPanel::setOrderKey(GateMatrixOrder::Key key) {
    m_orderBox->setCurrentIndex(m_orderBox->findData(static_cast<int>(key)));
}

QComboBox* GateMatrixPanel::layerBox() const { return m_layers->comboBox(); }

int GateMatrixPanel::sampleAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_order.samples.size()) ? m_order.samples[static_cast<std::size_t>(row)] : -1;
}

void GateMatrixPanel::scheduleRedraw() {
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void GateMatrixPanel::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

void GateMatrixPanel::redraw() {
    const std::vector<moe::GateMatrix>& all = m_controller->gateMatrices();
    m_layers->setLayerCount(static_cast<int>(all.size()));
    const int layer = std::clamp(m_layers->layer(), 0, std::max(0, static_cast<int>(all.size()) - 1));
    m_matrix = all.empty() ? moe::GateMatrix{} : all[static_cast<std::size_t>(layer)];
    const moe::Dataset& dataset = m_controller->data();
    const bool classification = dataset.task == moe::Task::Classification && !m_matrix.labels.empty();
    m_classNames.clear();
    for (const std::string& name : dataset.classNames) m_classNames << QString::fromStdString(name);
    // "By class" needs classes; regression data is arranged by top expert instead.
    {
        const QSignalBlocker block(m_orderBox);
        const int byClass = m_orderBox->findData(static_cast<int>(GateMatrixOrder::Key::ByClass));
        if (auto* model = qobject_cast<QStandardItemModel*>(m_orderBox->model()))
            model->item(byClass)->setEnabled(classification || m_matrix.empty());
        if (!classification && !m_matrix.empty() && orderKey() == GateMatrixOrder::Key::ByClass)
            setOrderKey(GateMatrixOrder::Key::ByTopExpert);
    }
    const GateMatrixOrder::Key key = orderKey();
    m_order = GateMatrixOrder::arrange(m_matrix, key, m_classNames);

    m_caption->setText(m_matrix.empty()
                           ? tr("<b>Gate matrix</b> <span style='color:#666'>(waiting for the models…)</span>")
                           : tr("<b>Gate matrix</b> <span style='color:#666'>p<sub>e</sub>(x)</span>"));
    m_view->setData(RoutingMaps::gate(m_matrix, m_order, key, m_fullScale->isChecked()));
}

QString GateMatrixPanel::cellDetails(int row, int col) const {
    const int t = sampleAt(row);
    if (t < 0 || m_matrix.empty()) return {};
    QString text = tr("Test sample #%1").arg(t + 1);
    if (!m_matrix.labels.empty()) {
        const int label = m_matrix.labels[static_cast<std::size_t>(t)];
        text += tr(", class %1").arg(m_classNames.value(label, QString::number(label)).toHtmlEscaped());
    }
    text += QStringLiteral("<br>");
    if (m_matrix.isKept(t, col))
        text += tr("Sent to %1.").arg(ExpertPalette::name(col));
    else if (m_matrix.isChosen(t, col))
        text += tr("Chosen, but dropped: %1 was full (capacity).").arg(ExpertPalette::name(col));
    else
        text += tr("Not chosen.");
    QStringList chosen;
    for (int j = 0; j < m_matrix.places; ++j) {
        const auto i = static_cast<std::size_t>(t * m_matrix.places + j);
        const int e = m_matrix.chosen[i];
        if (e < 0) continue;
        chosen << (m_matrix.kept[i] ? ExpertPalette::name(e) : tr("%1 (dropped)").arg(ExpertPalette::name(e)));
    }
    text += QStringLiteral("<br>") + tr("Experts chosen for this sample: %1")
                                         .arg(chosen.isEmpty() ? tr("none") : chosen.join(QStringLiteral(", ")));
    return text;
}

}  // namespace moe::ui
