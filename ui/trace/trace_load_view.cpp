#include "ui/trace/trace_load_view.h"

#include "ui/charts/expert_palette.h"
#include "ui/charts/heatmap_view.h"
#include "ui/trace/trace_layer_model.h"
#include "ui/trace/trace_zoom_area.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace moe::ui {

TraceLoadView::TraceLoadView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("traceLoadView"));
    m_map = new HeatmapView;
    m_map->setObjectName(QStringLiteral("traceLoadMap"));
    m_map->setToolTip(tr("The share of each MoE layer's assignments that went to each expert; the line on the "
                         "colour bar is the balanced share 1/E. Hover a cell for its count"));
    m_zoom = new TraceZoomArea(m_map, QStringLiteral("traceLoadZoom"));
    m_model = new TraceLayerModel(this);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("traceLayerTable"));
    m_table->setToolTip(tr("Each MoE layer's balance: load CV, MaxVio, usage entropy, dead and hot experts - the "
                           "numbers moe trace-stats prints"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);  // one line a layer; the tooltip lists every expert
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TraceLayerModel::DeadColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(TraceLayerModel::HotColumn, QHeaderView::Stretch);

    auto* note = new QLabel(tr("Load per MoE layer and expert. Experts are numbered from 1 as everywhere in the "
                               "window (Expert 1 is id 0 in the file and in moe trace-stats)."));
    note->setWordWrap(true);
    auto* controls = new QHBoxLayout;
    controls->addWidget(note, 1);
    m_atScale = new QPushButton(tr("Estimate at scale"));
    m_atScale->setObjectName(QStringLiteral("traceToAtScale"));
    m_atScale->setToolTip(tr("Feed the selected layer's measured loads (without a selection: the layer with the "
                             "largest MaxVio) to the expert-parallel estimate on Cost > At scale: the busiest "
                             "rank sets the pace of every step"));
    m_atScale->setEnabled(false);
    connect(m_atScale, &QPushButton::clicked, this, [this] {
        if (const int layer = chosenLayer(); layer >= 0) emit atScaleRequested(layer);
    });
    controls->addWidget(m_atScale);
    controls->addWidget(new QLabel(tr("Zoom:")));
    controls->addWidget(m_zoom->zoomBox());
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_zoom);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(split, 1);
    // The cell's own count and how it compares with the balanced share.
    m_map->setToolTipExtra([this](int row, int col) -> QString {
        if (m_trace.isEmpty()) return {};
        const moe::LayerTraceStats& s = m_trace.stats->layers[static_cast<std::size_t>(row)];
        const double share = s.expertLoad[static_cast<std::size_t>(col)];
        const double balanced = 1.0 / static_cast<double>(s.expertLoad.size());
        return tr("%1 assignments, %2 × the balanced share 1/E<br>id %3 in the file")
            .arg(s.expertCount[static_cast<std::size_t>(col)], 0, 'f', 0)
            .arg(share / balanced, 0, 'f', 2)
            .arg(col);
    });
}

HeatmapData TraceLoadView::loadMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats) {
    HeatmapData d;
    const int E = trace.meta.experts;
    d.rows = static_cast<int>(stats.layers.size());
    d.cols = E;
    d.values.reserve(static_cast<std::size_t>(d.rows) * static_cast<std::size_t>(E));
    d.marks.reserve(d.values.capacity());
    double high = 0.0;
    for (const moe::LayerTraceStats& s : stats.layers) {
        d.rowLabels << tr("Layer %1").arg(s.layer);
        std::vector<unsigned char> marks(static_cast<std::size_t>(E), HeatmapData::NoMark);
        for (int e : s.hotExperts) marks[static_cast<std::size_t>(e)] = HeatmapData::Dot;
        for (int e : s.deadExperts) marks[static_cast<std::size_t>(e)] = HeatmapData::Cross;
        for (int e = 0; e < E; ++e) {
            d.values.push_back(s.expertLoad[static_cast<std::size_t>(e)]);
            d.marks.push_back(marks[static_cast<std::size_t>(e)]);
            high = std::max(high, s.expertLoad[static_cast<std::size_t>(e)]);
        }
    }
    for (int e = 0; e < E; ++e) {
        d.colLabels << ExpertPalette::name(e);
        d.colShortLabels << QString::number(e + 1);
        d.colColors << ExpertPalette::color(e);
    }
    const double balanced = E > 0 ? 1.0 / E : 0.0;
    d.low = 0.0;
    d.high = std::max(high, 2.0 * balanced);  // the balanced share always inside the scale
    d.reference = balanced;
    d.title = tr("Load per MoE layer and expert");
    d.subtitle = tr("Share of the layer's assignments; ◂ on the colour bar: balanced share 1/E = %1%")
                     .arg(100.0 * balanced, 0, 'g', 3);
    d.marksNote = tr("dot: hot (at least 2/E), cross: dead");
    d.rowTitle = tr("MoE layer");
    d.colTitle = tr("Expert");
    d.valueTitle = tr("Share of assignments");
    d.displayScale = 100.0;
    d.unit = QStringLiteral("%");
    d.decimals = E > 20 ? 2 : 1;
    return d;
}

int TraceLoadView::chosenLayer() const {
    if (m_trace.isEmpty() || m_trace.stats->layers.empty()) return -1;
    const int layers = static_cast<int>(m_trace.stats->layers.size());
    if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        if (const int row = rows.first().row(); row >= 0 && row < layers) return row;
    const auto& all = m_trace.stats->layers;
    const auto worst = std::max_element(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.maxViolation < b.maxViolation;
    });
    return static_cast<int>(worst - all.begin());
}

void TraceLoadView::setTrace(const LoadedTrace& trace) {
    m_trace = trace;
    m_model->setStats(trace.stats);
    m_atScale->setEnabled(!trace.isEmpty() && !trace.stats->layers.empty());
    if (trace.isEmpty()) {
        HeatmapData empty;
        empty.emptyText = tr("No routing trace is open");
        m_map->setData(empty);
        return;
    }
    m_map->setData(loadMap(*trace.trace, *trace.stats));
}

}  // namespace moe::ui
