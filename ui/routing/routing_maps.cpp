#include "ui/routing/routing_maps.h"

#include "ui/charts/expert_palette.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moe::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Shares shown as percentages, coloured from 0.
HeatmapData shareMap(const QString& colTitle, const QString& valueTitle, int decimals) {
    HeatmapData d;
    d.colTitle = colTitle;
    d.valueTitle = valueTitle;
    d.displayScale = 100.0;
    d.unit = QStringLiteral("%");
    d.decimals = decimals;
    d.low = 0.0;
    return d;
}

/// "Expert 1".. with their colours, as row labels.
void labelExpertRows(HeatmapData& d, int experts) {
    for (int e = 0; e < experts; ++e) {
        d.rowLabels << ExpertPalette::name(e);
        d.rowColors << ExpertPalette::color(e);
    }
}

std::size_t cell(const HeatmapData& d, int row, int col) {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(d.cols) + static_cast<std::size_t>(col);
}

}  // namespace

const moe::RoutingStats& RoutingMaps::statsOf(const moe::EpochSnapshot& s, int layer) {
    return layer >= 0 && layer < static_cast<int>(s.layers.size()) ? s.layers[static_cast<std::size_t>(layer)]
                                                                    : s.routing;
}

int RoutingMaps::layerCount(const moe::EpochSnapshot& s) { return std::max(1, static_cast<int>(s.layers.size())); }

HeatmapData RoutingMaps::load(std::span<const moe::EpochSnapshot> history, int layer, std::vector<int>* columnEpochs) {
    HeatmapData d = shareMap(tr("Epoch"), tr("Share of assignments"), 1);
    d.title = tr("Load per expert over training");
    d.emptyText = tr("Train the model to see how the router spreads the work over the experts.");
    std::vector<int> epochs;
    const int experts = history.empty() ? 0 : static_cast<int>(statsOf(history.back(), layer).expertLoad.size());
    if (experts > 0) {
        const std::size_t n = history.size();
        const std::size_t stride = std::max<std::size_t>(1, (n + kMaxColumns - 1) / kMaxColumns);
        std::vector<std::size_t> shown;
        for (std::size_t i = 0; i < n; ++i)
            if (i % stride == 0 || i == n - 1) shown.push_back(i);
        d.rows = experts;
        d.cols = static_cast<int>(shown.size());
        d.values.assign(static_cast<std::size_t>(d.rows) * static_cast<std::size_t>(d.cols), kNaN);
        for (int col = 0; col < d.cols; ++col) {
            const moe::EpochSnapshot& s = history[shown[static_cast<std::size_t>(col)]];
            const std::vector<double>& load = statsOf(s, layer).expertLoad;
            for (int e = 0; e < experts && e < static_cast<int>(load.size()); ++e)
                d.values[cell(d, e, col)] = load[static_cast<std::size_t>(e)];
            d.colLabels << QString::number(s.epoch);
            epochs.push_back(s.epoch);
        }
        labelExpertRows(d, experts);
        d.subtitle = tr("Each expert's share of the test assignments; even = %1%").arg(100.0 / experts, 0, 'f', 1);
    }
    if (columnEpochs) *columnEpochs = std::move(epochs);
    return d;
}

HeatmapData RoutingMaps::specialisation(const moe::EpochSnapshot* last, const moe::Dataset& data, int layer) {
    HeatmapData d = shareMap(tr("Class"), tr("Share of the class"), 0);
    d.high = 1.0;
    d.title = tr("Specialisation");
    if (data.task == moe::Task::Regression) {
        d.emptyText = tr("Regression data has no classes: the specialisation map needs a classification dataset.");
        return d;
    }
    d.emptyText = tr("Train the model to see which expert each class goes to.");
    if (!last) return d;
    const moe::RoutingStats& s = statsOf(*last, layer);
    const int classes = static_cast<int>(s.classExpert.size());
    const int experts = static_cast<int>(s.expertLoad.size());
    if (classes == 0 || experts == 0) return d;
    d.rows = experts;
    d.cols = classes;
    d.values.assign(static_cast<std::size_t>(experts) * static_cast<std::size_t>(classes), kNaN);
    for (int c = 0; c < classes; ++c) {
        const std::vector<double>& row = s.classExpert[static_cast<std::size_t>(c)];
        for (int e = 0; e < experts && e < static_cast<int>(row.size()); ++e)
            d.values[cell(d, e, c)] = row[static_cast<std::size_t>(e)];
    }
    const std::vector<std::string>& names = data.classNames;
    for (int c = 0; c < classes; ++c)
        d.colLabels << (c < static_cast<int>(names.size()) ? QString::fromStdString(names[static_cast<std::size_t>(c)])
                                                           : QString::number(c));
    labelExpertRows(d, experts);
    if (std::isfinite(s.classExpertNmi)) d.title = tr("Specialisation · NMI %1").arg(s.classExpertNmi, 0, 'f', 2);
    d.subtitle = tr("Share of each class per expert");
    return d;
}

HeatmapData RoutingMaps::gate(const moe::GateMatrix& matrix, const GateMatrixOrder& order, GateMatrixOrder::Key key,
                              bool fullScale) {
    HeatmapData d;
    d.title = tr("Gate probabilities of the test samples");
    d.colTitle = tr("Expert");
    d.valueTitle = tr("Gate probability");
    d.low = 0.0;
    if (fullScale) d.high = 1.0;
    d.decimals = 3;
    d.cellValues = false;
    d.emptyText = tr("Waiting for the models…");
    if (matrix.empty()) return d;
    d.rows = matrix.samples;
    d.cols = matrix.experts;
    d.values.resize(static_cast<std::size_t>(d.rows) * static_cast<std::size_t>(d.cols));
    d.marks.resize(d.values.size());
    for (int row = 0; row < d.rows; ++row) {
        const int t = order.samples[static_cast<std::size_t>(row)];
        for (int e = 0; e < d.cols; ++e) {
            const std::size_t i = cell(d, row, e);
            d.values[i] = matrix.prob(t, e);
            d.marks[i] = matrix.isKept(t, e)     ? HeatmapData::Dot
                         : matrix.isChosen(t, e) ? HeatmapData::Cross
                                                 : HeatmapData::NoMark;
        }
    }
    for (int e = 0; e < d.cols; ++e) {
        d.colLabels << ExpertPalette::name(e);
        d.colShortLabels << QString::number(e + 1);
        d.colColors << ExpertPalette::color(e);
    }
    d.rowGroups = order.groups;
    switch (key) {
    case GateMatrixOrder::Key::ByClass: d.rowTitle = tr("%1 test samples, by class").arg(d.rows); break;
    case GateMatrixOrder::Key::ByTopExpert: d.rowTitle = tr("%1 test samples, by top expert").arg(d.rows); break;
    case GateMatrixOrder::Key::ByConfidence: d.rowTitle = tr("%1 test samples, surest first").arg(d.rows); break;
    }
    d.subtitle = tr("Epoch %1 · a softmax gate's rows sum to 1").arg(matrix.epoch);
    d.marksNote = tr("• sent to, × dropped by capacity");
    return d;
}

}  // namespace moe::ui
