#include "ui/trace/trace_matrix_view.h"

#include "core/trace/coactivation_order.h"
#include "core/util/quote_for_message.h"
#include "ui/charts/expert_palette.h"
#include "ui/charts/heatmap_view.h"
#include "ui/trace/trace_zoom_area.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe::ui {
namespace {

QString labelName(const moe::RoutingTrace& trace, std::size_t label) {
    return QString::fromStdString(moe::visibleText(trace.meta.labels[label], 40));
}

bool hasPairs(const moe::RoutingTrace& trace) { return !trace.countsOnly && trace.meta.topK > 1; }

}  // namespace

TraceMatrixView::TraceMatrixView(Kind kind, QWidget* parent) : QWidget(parent), m_kind(kind) {
    const bool co = kind == Kind::CoActivation;
    const QString stem = co ? QStringLiteral("traceCoActivation") : QStringLiteral("traceSpecialisation");
    setObjectName(stem + QStringLiteral("View"));
    setToolTip(co ? tr("Which experts the router chooses together for the same token, at the chosen layer")
                  : tr("Which experts take which kind of token (the trace's labels), at the chosen layer"));
    m_map = new HeatmapView;
    m_map->setObjectName(stem + QStringLiteral("Map"));
    m_map->setToolTip(co ? tr("Co-activation c_ab / sqrt(n_a n_b): 1 when two experts are always chosen together, "
                              "0 when never; hover a cell for the counts and the lift")
                         : tr("The share of a label's assignments that went to each expert; each row sums to 100%"));
    m_zoom = new TraceZoomArea(m_map, stem + QStringLiteral("Zoom"));
    m_layer = new QSpinBox;
    m_layer->setObjectName(stem + QStringLiteral("Layer"));
    m_layer->setToolTip(tr("The MoE layer whose routing the matrix shows"));
    m_order = new QComboBox;
    m_order->setObjectName(stem + QStringLiteral("Order"));
    if (co) {
        m_order->addItem(tr("Expert number"));
        m_order->addItem(tr("Clustered"));
        m_order->setToolTip(tr("Expert number: experts 1 to E; Clustered: experts chosen together side by side "
                               "(average-linkage clustering of the normalised co-activation)"));
        m_order->setCurrentIndex(1);
    } else {
        m_order->addItem(tr("Expert number"));
        m_order->addItem(tr("By label"));
        m_order->setToolTip(tr("Expert number: experts 1 to E; By label: each expert beside the others that serve "
                               "the same label most, the strongest first"));
        m_order->setCurrentIndex(1);
    }
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    auto* layerLabel = new QLabel(tr("&Layer:"));
    layerLabel->setBuddy(m_layer);
    auto* orderLabel = new QLabel(tr("&Order:"));
    orderLabel->setBuddy(m_order);
    auto* controls = new QHBoxLayout;
    controls->addWidget(layerLabel);
    controls->addWidget(m_layer);
    controls->addSpacing(12);
    controls->addWidget(orderLabel);
    controls->addWidget(m_order);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Zoom:")));
    controls->addWidget(m_zoom->zoomBox());
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_note);
    layout->addWidget(m_zoom, 1);
    connect(m_layer, &QSpinBox::valueChanged, this, &TraceMatrixView::refresh);
    connect(m_order, &QComboBox::currentIndexChanged, this, &TraceMatrixView::refresh);
    m_map->setToolTipExtra([this](int row, int col) -> QString {
        if (m_trace.isEmpty() || m_kind != Kind::CoActivation) return {};
        const moe::LayerTraceStats& s = m_trace.stats->layers[static_cast<std::size_t>(layer())];
        const auto E = static_cast<std::size_t>(m_trace.trace->meta.experts);
        const auto a = static_cast<std::size_t>(m_expertOrder[static_cast<std::size_t>(row)]);
        const auto b = static_cast<std::size_t>(m_expertOrder[static_cast<std::size_t>(col)]);
        if (s.coActivation.empty()) return {};
        const double both = static_cast<double>(s.coActivation[a * E + b]);
        const double na = static_cast<double>(s.coActivation[a * E + a]), nb = static_cast<double>(s.coActivation[b * E + b]);
        const double lift = na > 0 && nb > 0 ? both * static_cast<double>(m_trace.stats->tokens) / (na * nb) : 0.0;
        return tr("%1 tokens chose both; %2 chose Expert %3, %4 chose Expert %5<br>lift %6 (1 = as often as by chance)")
            .arg(both, 0, 'f', 0)
            .arg(na, 0, 'f', 0)
            .arg(a + 1)
            .arg(nb, 0, 'f', 0)
            .arg(b + 1)
            .arg(lift, 0, 'f', 2);
    });
    setTrace({});
}

std::vector<int> TraceMatrixView::expertOrder(Kind kind, const moe::RoutingTrace& trace, const moe::TraceStats& stats,
                                              int layer, bool clustered) {
    const int E = trace.meta.experts;
    std::vector<int> order(static_cast<std::size_t>(E));
    std::iota(order.begin(), order.end(), 0);
    const moe::LayerTraceStats& s = stats.layers[static_cast<std::size_t>(layer)];
    if (!clustered) return order;
    if (kind == Kind::CoActivation) {
        if (s.coActivation.empty()) return order;
        std::vector<bool> alive(static_cast<std::size_t>(E));
        for (int e = 0; e < E; ++e) alive[static_cast<std::size_t>(e)] = s.expertCount[static_cast<std::size_t>(e)] > 0;
        return moe::coActivationOrder(moe::normalisedCoActivation(s.coActivation, E), E, alive);
    }
    if (s.labelExpert.empty()) return order;
    // Each expert under the label that takes the largest share of it, the strongest first.
    std::vector<std::pair<std::size_t, double>> key(static_cast<std::size_t>(E), {0, 0.0});
    for (std::size_t e = 0; e < static_cast<std::size_t>(E); ++e)
        for (std::size_t l = 0; l < s.labelExpert.size(); ++l)
            if (s.labelExpert[l][e] > key[e].second) key[e] = {l, s.labelExpert[l][e]};
    std::stable_sort(order.begin(), order.end(), [&key](int a, int b) {
        const auto& ka = key[static_cast<std::size_t>(a)];
        const auto& kb = key[static_cast<std::size_t>(b)];
        return ka.first != kb.first ? ka.first < kb.first : ka.second > kb.second;
    });
    return order;
}

HeatmapData TraceMatrixView::coActivationMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats, int layer,
                                             const std::vector<int>& order) {
    const moe::LayerTraceStats& s = stats.layers[static_cast<std::size_t>(layer)];
    const int E = trace.meta.experts;
    const auto En = static_cast<std::size_t>(E);
    HeatmapData d;
    d.rows = d.cols = E;
    const std::vector<double> sim = moe::normalisedCoActivation(s.coActivation, E);
    d.values.resize(En * En);
    double high = 0.0;
    for (std::size_t i = 0; i < En; ++i)
        for (std::size_t j = 0; j < En; ++j) {
            const auto a = static_cast<std::size_t>(order[i]), b = static_cast<std::size_t>(order[j]);
            const double v = a == b ? std::nan("") : sim[a * En + b];
            d.values[i * En + j] = v;
            if (a != b) high = std::max(high, v);
        }
    for (int e : order) {
        d.rowLabels << ExpertPalette::name(e);
        d.rowColors << ExpertPalette::color(e);
        d.colLabels << ExpertPalette::name(e);
        d.colShortLabels << QString::number(e + 1);
        d.colColors << ExpertPalette::color(e);
    }
    d.low = 0.0;
    d.high = high > 0.0 ? high : 1.0;
    d.title = tr("Co-activation at layer %1").arg(s.layer);
    d.subtitle = tr("Tokens that chose both experts, over sqrt(n_a n_b): 1 = always chosen together");
    d.rowTitle = tr("Expert");
    d.colTitle = tr("Expert");
    d.valueTitle = tr("Normalised co-activation");
    d.decimals = 2;
    return d;
}

HeatmapData TraceMatrixView::specialisationMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats, int layer,
                                               const std::vector<int>& order) {
    const moe::LayerTraceStats& s = stats.layers[static_cast<std::size_t>(layer)];
    HeatmapData d;
    d.rows = static_cast<int>(s.labelExpert.size());
    d.cols = trace.meta.experts;
    for (std::size_t l = 0; l < s.labelExpert.size(); ++l) {
        d.rowLabels << labelName(trace, l);
        for (int e : order) d.values.push_back(s.labelExpert[l][static_cast<std::size_t>(e)]);
    }
    for (int e : order) {
        d.colLabels << ExpertPalette::name(e);
        d.colShortLabels << QString::number(e + 1);
        d.colColors << ExpertPalette::color(e);
    }
    d.low = 0.0;
    d.title = tr("Specialisation by label at layer %1").arg(s.layer);
    d.subtitle = std::isfinite(s.labelExpertNmi)
                     ? tr("Share of each label's assignments per expert; NMI I(label; expert) / H(label) = %1")
                           .arg(s.labelExpertNmi, 0, 'f', 3)
                     : tr("Share of each label's assignments per expert");
    d.rowTitle = tr("Label");
    d.colTitle = tr("Expert");
    d.valueTitle = tr("Share of the label");
    d.displayScale = 100.0;
    d.unit = QStringLiteral("%");
    d.decimals = 1;
    return d;
}

void TraceMatrixView::setTrace(const LoadedTrace& trace) {
    m_trace = trace;
    {
        const QSignalBlocker quiet(m_layer);
        m_layer->setRange(0, trace.isEmpty() ? 0 : std::max(0, trace.trace->layers() - 1));
        m_layer->setValue(0);
    }
    refresh();
}

void TraceMatrixView::setLayer(int layer) { m_layer->setValue(layer); }
int TraceMatrixView::layer() const { return m_layer->value(); }
void TraceMatrixView::setClustered(bool clustered) { m_order->setCurrentIndex(clustered ? 1 : 0); }
bool TraceMatrixView::clustered() const { return m_order->currentIndex() == 1; }
QString TraceMatrixView::noteText() const { return m_note->text(); }

void TraceMatrixView::refresh() {
    const bool co = m_kind == Kind::CoActivation;
    HeatmapData empty;
    m_expertOrder.clear();
    if (m_trace.isEmpty()) {
        m_note->setText(tr("No routing trace is open."));
        empty.emptyText = tr("No routing trace is open");
        m_map->setData(empty);
        return;
    }
    const moe::RoutingTrace& t = *m_trace.trace;
    const moe::LayerTraceStats& s = m_trace.stats->layers[static_cast<std::size_t>(layer())];
    m_layer->setSuffix(tr(" (network layer %1)").arg(s.layer));
    const bool possible = co ? hasPairs(t) : !t.countsOnly && t.hasLabels() && !s.labelExpert.empty();
    m_layer->setEnabled(possible);
    m_order->setEnabled(possible);
    m_zoom->zoomBox()->setEnabled(possible);
    if (!possible) {
        QString why;
        if (t.countsOnly) why = tr("A count-only trace records how many tokens each expert received, not which tokens: "
                                   "it has no %1.").arg(co ? tr("pairs") : tr("labels"));
        else if (co) why = tr("With top-1 routing no two experts are ever chosen for the same token.");
        else why = tr("This trace has no token labels: record it from a .jsonl file with a \"label\" per text "
                      "(scripts/record-trace) to see which experts take which domain.");
        m_note->setText(why);
        empty.emptyText = why;
        m_map->setData(empty);
        return;
    }
    m_expertOrder = expertOrder(m_kind, t, *m_trace.stats, layer(), clustered());
    if (co) {
        QStringList pairs;
        for (std::size_t i = 0; i < s.topPairs.size() && i < 5; ++i) {
            const moe::CoActivationPair& p = s.topPairs[i];
            pairs << tr("%1+%2 (%3 tokens, lift %4)").arg(p.a + 1).arg(p.b + 1).arg(p.count).arg(p.lift, 0, 'f', 2);
        }
        m_note->setText(pairs.isEmpty() ? tr("No two experts were chosen together at this layer.")
                                        : tr("Chosen together most: %1").arg(pairs.join(QStringLiteral(", "))));
        m_map->setData(coActivationMap(t, *m_trace.stats, layer(), m_expertOrder));
    } else {
        m_note->setText(tr("%1 of %2 tokens are labelled; NMI I(label; expert) / H(label) = %3 (0 = experts ignore "
                           "the label, 1 = the expert tells the label).")
                            .arg(m_trace.stats->labelledTokens)
                            .arg(m_trace.stats->tokens)
                            .arg(s.labelExpertNmi, 0, 'f', 3));
        m_map->setData(specialisationMap(t, *m_trace.stats, layer(), m_expertOrder));
    }
}

}  // namespace moe::ui
