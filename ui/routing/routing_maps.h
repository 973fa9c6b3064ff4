#pragma once
// Intended usage: what the routing heatmaps show, built from the run's values alone, so that
// the Utilization and Gate matrix tabs and the run report draw the very same pictures:
//
// - load(): experts (rows) x epochs (columns), each expert's share of the test split's
//   assignments after capacity; long runs are thinned to at most kMaxColumns columns.
// - specialisation(): experts (rows) x classes (columns), the share of each class's
//   assignments that went to each expert, with I(class; expert) / H(class) in the title.
// - gate(): test samples (rows, arranged by a GateMatrixOrder) x experts (columns), the
//   gate probability p_e(x), with a dot where the sample was sent and a cross where the
//   capacity limit dropped it.
//
//   const auto& h = controller->history();
//   view->setData(RoutingMaps::load({h.constData(), std::size_t(h.size())}, layer));
//
// `layer` picks the MoE layer of a block-mode run (0-based); mixture mode has one.

#include "core/data/dataset.h"
#include "core/train/gate_matrix.h"
#include "core/train/snapshot.h"
#include "ui/routing/gate_matrix_order.h"
#include "ui/charts/heatmap_data.h"

#include <QCoreApplication>

#include <span>
#include <vector>

namespace moe::ui {

class RoutingMaps {
    Q_DECLARE_TR_FUNCTIONS(moe::ui::RoutingMaps)

public:
    /// Epoch columns of the load map beyond which long runs are thinned.
    static constexpr std::size_t kMaxColumns = 600;

    /// The layer's statistics in `snapshot` (the summary for a one-layer run).
    static const moe::RoutingStats& statsOf(const moe::EpochSnapshot& snapshot, int layer);
    /// MoE layers in `snapshot`, at least 1.
    static int layerCount(const moe::EpochSnapshot& snapshot);

    /// Experts x epochs load map of `history` (epoch 0 first). `columnEpochs`, when given,
    /// receives the epoch of each column.
    static HeatmapData load(std::span<const moe::EpochSnapshot> history, int layer,
                            std::vector<int>* columnEpochs = nullptr);
    /// Experts x classes specialisation map of the last snapshot of a run on `data`; empty
    /// (with a message saying why) for regression data or before the first snapshot.
    static HeatmapData specialisation(const moe::EpochSnapshot* last, const moe::Dataset& data, int layer);
    /// Samples x experts gate probabilities of `matrix`, rows in `order`'s arrangement by
    /// `key`. Colours run from 0 to the largest probability, or to 1 with `fullScale`.
    static HeatmapData gate(const moe::GateMatrix& matrix, const GateMatrixOrder& order, GateMatrixOrder::Key key,
                            bool fullScale);
};

}  // namespace moe::ui
