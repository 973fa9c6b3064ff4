#include "ui/inspector/gate_inspector_panel.h"

#include "ui/charts/expert_palette.h"
#include "ui/inspector/gate_bars_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace moe::ui {
namespace {

QString swatch(int expert) {
    return QStringLiteral("<span style=\"background-color:%1; color:%1;\">&#9632;&#9632;</span>")
        .arg(ExpertPalette::color(expert).name());
}

}  // namespace

GateInspectorPanel::GateInspectorPanel(QWidget* parent) : QWidget(parent) {
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);  // a long pinned row's description takes two lines, not the window's width
    m_header->setToolTip(tr("The input being inspected. Hover over the territory map or the data "
                            "scatter to preview an input; click to pin it. A pinned input stays "
                            "and its numbers follow the model live as it trains. Click anywhere "
                            "on the map, not only on data, to ask the gate about any input."));
    m_layerLabel = new QLabel(tr("Layer"), this);
    m_layer = new QSpinBox(this);
    m_layer->setObjectName(QStringLiteral("inspectorLayer"));
    m_layer->setRange(1, 1);
    m_layer->setToolTip(tr("Block mode has one router per MoE block: choose whose gate to show. "
                           "Each block routes the sample's hidden vector at that depth, so the "
                           "experts of different blocks are different experts."));
    m_layerLabel->setToolTip(m_layer->toolTip());
    m_unpin = new QToolButton(this);
    m_unpin->setObjectName(QStringLiteral("inspectorUnpin"));
    m_unpin->setText(tr("Unpin"));
    m_unpin->setShortcut(QKeySequence(Qt::Key_Escape));
    m_unpin->setToolTip(tr("Forget the pinned input (Esc); hovering still previews."));
    m_unpin->setEnabled(false);

    m_bars = new GateBarsView(this);
    m_predictions = new QLabel(this);
    m_predictions->setTextFormat(Qt::RichText);
    m_predictions->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_predictions->setWordWrap(false);  // the table keeps its width; the bars take the rest
    m_predictions->setToolTip(tr("<p>What each chosen expert would answer on its own, and what the "
                                 "MoE answers by mixing them with the combine weights. Experts "
                                 "that disagree with the combined answer show why the gate "
                                 "matters: the mix is only as good as the routing.</p>"));
    m_context = new QLabel(this);
    m_context->setWordWrap(true);
    QPalette muted = m_context->palette();
    muted.setColor(QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    m_context->setPalette(muted);
    m_context->setToolTip(tr("<p><b>Capacity is a batch notion.</b> An expert takes at most C = "
                             "ceil(factor &times; T &times; k / E) assignments of a batch of T "
                             "samples, so whether one input is dropped depends on the others. "
                             "With no capacity at inference, a token-choice router decides each "
                             "input on its own and nothing is dropped. Otherwise the inspector "
                             "routes the input inside the evaluation batch (the test split), the "
                             "batch the test metrics are computed on: a test sample where it "
                             "sits, any other input appended as one more sample at the end. "
                             "Expert choice picks samples per expert over the whole batch, so it "
                             "is treated the same way.</p>"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_layerLabel);
    top->addWidget(m_layer);
    top->addWidget(m_unpin);
    auto* middle = new QHBoxLayout;
    middle->addWidget(m_bars, 1);
    middle->addWidget(m_predictions, 0);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(3);
    layout->addLayout(top);
    layout->addLayout(middle, 1);
    layout->addWidget(m_context);

    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GateInspectorPanel::recompute);
    connect(m_unpin, &QToolButton::clicked, this, &GateInspectorPanel::unpin);
    connect(m_layer, &QSpinBox::valueChanged, this, [this] { render(); });
    m_layerLabel->setVisible(false);
    m_layer->setVisible(false);
    render();
}

void GateInspectorPanel::setData(const moe::Dataset& dataset) {
    // A new run on the same data keeps the selection: the teacher follows the same input.
    if (dataset.rows == m_data.rows && dataset.cols == m_data.cols && dataset.features == m_data.features &&
        dataset.labels == m_data.labels && dataset.values == m_data.values)
        return;
    m_data = dataset;
    m_pinned = {};
    m_preview = {};
    m_hasInspection = false;
    emitPinned();
    render();
}

void GateInspectorPanel::setInspector(std::shared_ptr<moe::SampleInspector> inspector) {
    m_inspector = std::move(inspector);
    const int layers = m_inspector ? m_inspector->layers() : 1;
    m_layer->setRange(1, std::max(1, layers));
    m_layerLabel->setVisible(layers > 1);
    m_layer->setVisible(layers > 1);
    if (!m_inspector) {
        m_hasInspection = false;
        render();
        return;
    }
    schedule();
}

void GateInspectorPanel::previewRow(int row) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_data.rows) return;
    if (m_preview.kind == Target::Row && m_preview.row == row) return;
    m_preview = {Target::Row, row, {}, {}};
    schedule();
}

void GateInspectorPanel::previewPoint(QPointF plane, const std::vector<float>& features) {
    if (features.empty()) return;
    m_preview = {Target::Point, -1, plane, features};
    schedule();
}

void GateInspectorPanel::endPreview() {
    if (m_preview.kind == Target::None) return;
    m_preview = {};
    schedule();
}

void GateInspectorPanel::pinRow(int row) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_data.rows) return;
    m_pinned = {Target::Row, row, {}, {}};
    m_preview = {};
    emitPinned();
    schedule();
}

void GateInspectorPanel::pinPoint(QPointF plane, const std::vector<float>& features) {
    if (features.empty()) return;
    m_pinned = {Target::Point, -1, plane, features};
    m_preview = {};
    emitPinned();
    schedule();
}

void GateInspectorPanel::unpin() {
    m_pinned = {};
    emitPinned();
    schedule();
}

void GateInspectorPanel::setLayer(int layer) { m_layer->setValue(layer + 1); }

int GateInspectorPanel::layer() const { return m_layer->value() - 1; }

void GateInspectorPanel::emitPinned() {
    m_unpin->setEnabled(isPinned());
    emit pinnedChanged(isPinned(), featuresOf(m_pinned));
}

void GateInspectorPanel::schedule() {
    const qint64 since = m_lastCompute.isValid() ? m_lastCompute.elapsed() : kMinIntervalMs;
    if (since >= kMinIntervalMs) {
        m_timer.stop();
        recompute();
    } else if (!m_timer.isActive()) {
        m_timer.start(static_cast<int>(kMinIntervalMs - since));
    }
}

void GateInspectorPanel::refreshNow() {
    m_timer.stop();
    recompute();
}

std::vector<float> GateInspectorPanel::featuresOf(const Target& t) const {
    if (t.kind == Target::Point) return t.features;
    if (t.kind != Target::Row || static_cast<std::size_t>(t.row) >= m_data.rows) return {};
    const auto begin = m_data.features.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(t.row) * m_data.cols);
    return {begin, begin + static_cast<std::ptrdiff_t>(m_data.cols)};
}

void GateInspectorPanel::recompute() {
    m_lastCompute.start();
    m_error.clear();
    const Target& t = shown();
    if (!m_inspector || t.kind == Target::None) {
        m_hasInspection = false;
        render();
        emit inspectionUpdated();
        return;
    }
    moe::Result<moe::SampleInspection> result = m_inspector->inspect(featuresOf(t));
    m_hasInspection = result.ok();
    if (result.ok()) m_inspection = std::move(result).value();
    else m_error = QString::fromStdString(result.error());
    render();
    emit inspectionUpdated();
}

QString GateInspectorPanel::labelText(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= m_data.rows) return {};
    if (m_data.task == moe::Task::Classification) {
        const int label = m_data.labels[static_cast<std::size_t>(row)];
        return QString::fromStdString(m_data.classNames[static_cast<std::size_t>(label)]);
    }
    return QString::number(m_data.values[static_cast<std::size_t>(row)], 'g', 4);
}

QString GateInspectorPanel::describeTarget(const Target& t) const {
    if (t.kind == Target::Row) {
        QString where = tr("data row %1").arg(t.row + 1);
        if (m_hasInspection && m_inspection.testRow >= 0) where += tr(" (test split)");
        else if (m_hasInspection) where += tr(" (training split)");
        return tr("%1 · true %2: <b>%3</b>")
            .arg(where, m_data.task == moe::Task::Classification ? tr("class") : tr("value"), labelText(t.row));
    }
    return tr("point (%1, %2) of the map · no label").arg(t.point.x(), 0, 'g', 3).arg(t.point.y(), 0, 'g', 3);
}

QString GateInspectorPanel::headerText() const { return m_header->text(); }
QString GateInspectorPanel::predictionsText() const { return m_predictions->text(); }
QString GateInspectorPanel::contextText() const { return m_context->text(); }

QString GateInspectorPanel::predictionText(const std::vector<float>& probabilities, float value) const {
    if (probabilities.empty()) return QString::number(value, 'g', 4);
    const auto best = static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) -
                                               probabilities.begin());
    const QString name = best < m_data.classNames.size() ? QString::fromStdString(m_data.classNames[best])
                                                         : QString::number(best + 1);
    return tr("%1 %2%").arg(name).arg(100.0 * probabilities[best], 0, 'f', 0);
}

void GateInspectorPanel::render() {
    const Target& t = shown();
    if (t.kind == Target::None || !m_inspector) {
        m_header->setText(tr("<b>Gate inspector</b> · hover over the map or the data; click to pin"));
        m_bars->clear();
        m_predictions->setText(QString());
        m_context->setText(m_inspector ? QString() : tr("No model yet."));
        return;
    }
    const QString mode = m_preview.kind != Target::None ? tr("Preview") : tr("Pinned");
    m_header->setText(tr("<b>%1:</b> %2").arg(mode, describeTarget(t)));
    if (!m_hasInspection) {
        m_bars->clear();
        m_predictions->setText(m_error);
        m_context->setText(QString());
        return;
    }
    const int l = std::clamp(layer(), 0, static_cast<int>(m_inspection.layers.size()) - 1);
    const moe::LayerInspection& li = m_inspection.layers[static_cast<std::size_t>(l)];
    m_bars->setLayer(li);

    // Cells never wrap: a wrapped "Expert 1 / (1st)" reads as two rows.
    auto cell = [](QString text) { return text.replace(QLatin1Char(' '), QStringLiteral("&nbsp;")); };
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    html += QStringLiteral("<tr><td></td><td><i>%1</i></td><td align=\"right\"><i>%2</i></td><td>&nbsp;&nbsp;<i>%3</i></td></tr>")
                .arg(cell(tr("chosen")), tr("weight"), cell(tr("alone says")));
    for (const moe::ExpertAnswer& a : li.chosen) {
        const QString weight = a.kept ? QString::number(a.weight, 'f', 2)
                                      : QStringLiteral("<span style=\"color:#B02020\">%1</span>").arg(tr("dropped"));
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td>%2</td><td align=\"right\">&nbsp;%3</td><td>&nbsp;&nbsp;%4</td></tr>")
                    .arg(swatch(a.expert), cell(ExpertPalette::name(a.expert)), weight,
                         cell(predictionText(a.classProbabilities, a.value)));
    }
    html += QStringLiteral("<tr><td></td><td colspan=\"2\"><b>%1</b></td><td>&nbsp;&nbsp;<b>%2</b></td></tr>")
                .arg(cell(tr("MoE combined")), cell(predictionText(m_inspection.classProbabilities, m_inspection.predictedValue)));
    if (t.kind == Target::Row)
        html += QStringLiteral("<tr><td></td><td colspan=\"2\">%1</td><td>&nbsp;&nbsp;%2</td></tr>")
                    .arg(cell(tr("true label")), cell(labelText(t.row)));
    html += QStringLiteral("</table>");
    m_predictions->setText(html);
    m_predictions->setMinimumWidth(m_predictions->sizeHint().width());

    QString context;
    switch (m_inspection.context) {
        case moe::InspectionContext::Alone:
            context = tr("Routed on its own: no capacity limit at inference, so nothing is dropped.");
            break;
        case moe::InspectionContext::EvaluationBatch:
            context = tr("Routed where it sits in the evaluation batch (test split, T = %1%2), as the test "
                         "metrics counted it.")
                          .arg(m_inspection.batchSamples)
                          .arg(li.capacity > 0 ? tr(", C = %1 per expert").arg(li.capacity) : QString());
            break;
        case moe::InspectionContext::AppendedToBatch:
            context = tr("Capacity is a batch notion: routed as one more sample after the test split "
                         "(T = %1%2).")
                          .arg(m_inspection.batchSamples)
                          .arg(li.capacity > 0 ? tr(", C = %1 per expert").arg(li.capacity) : QString());
            break;
    }
    if (m_inspector->model().config.model.router == moe::RouterKind::Hash)
        context += tr(" Hash router: the choice is a fixed hash of the input, so the gate is flat.");
    if (m_inspector->layers() > 1 || m_inspector->model().config.model.mode == moe::MoeMode::Block)
        context += tr(" An expert alone: this block uses only that expert, the rest of the model as is.");
    m_context->setText(context);
}

}  // namespace moe::ui
