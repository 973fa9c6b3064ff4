#pragma once
// Intended usage: the row order of the gate probability matrix. Rows are test samples; the
// order groups and sorts them so that the gate's structure shows as blocks:
//
// - ByClass: grouped by true class (in class order); inside a class by top expert, then by
//   falling confidence. Each class becomes a band of expert-coloured blocks.
// - ByTopExpert: grouped by the expert with the highest probability; inside by falling
//   confidence. Shows each expert's share and how sure the gate is about it.
// - ByConfidence: one group, the most confident rows first.
//
// Confidence is the top expert's probability. Ties keep the test split's order, so the
// order is deterministic. Regression data (no labels) treats ByClass as ByTopExpert.
//
//   GateMatrixOrder o = GateMatrixOrder::arrange(matrix, GateMatrixOrder::Key::ByClass, names);
//   int sample = o.samples[row];             // test-split index shown in `row`

#include "core/train/gate_matrix.h"
#include "ui/charts/heatmap_data.h"

#include <QStringList>

#include <vector>

namespace moe::ui {

class GateMatrixOrder {
public:
    enum class Key { ByClass, ByTopExpert, ByConfidence };

    static GateMatrixOrder arrange(const moe::GateMatrix& matrix, Key key, const QStringList& classNames);

    std::vector<int> samples;               ///< test-split sample index of each row
    QList<HeatmapData::Group> groups;       ///< consecutive row groups (empty for ByConfidence)
};

}  // namespace moe::ui
