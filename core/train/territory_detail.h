#pragma once
// Intended usage: what a territory map needs beyond the first layer's argmax, computed from
// the forward pass that filled the grid: the territory of every MoE layer (block mode), the
// router's real first choice where that is not the gate's argmax (hash: a fixed hash of the
// input; sigmoid-bias: the biased scores), and each expert's own decision regions - the
// answer the model would give had that expert alone answered at the first MoE layer.
//
//   const Matrix& Y = net.forward(X, Phase::Inference);     // X: cells x d
//   fillTerritoryDetail(grid, net, X, targetScaler, classification);
//
// expertAloneOutput() is also what SampleInspector reports as an expert's own prediction.

#include "core/model/moe_network.h"
#include "core/train/snapshot.h"
#include "core/train/trained_model.h"

namespace moe {

/// The model's output (T x out) for the batch X of the network's LAST forward, had `expert`
/// alone answered at MoE layer `layer` with weight 1: expert(X) in mixture mode; in block
/// mode the block's output replaced by expert(z_l), then the later blocks and the head.
/// Overwrites the later layers' routing and workspaces.
Matrix expertAloneOutput(MoeNetwork& net, int layer, int expert, const Matrix& X);

/// The expert a router sends sample t to first, and how sure it is (0..1): the argmax of
/// the gate, except for routers whose choice is not that argmax (hash: the hash's choice,
/// certain; sigmoid-bias: the first choice, with its gate probability).
int territoryExpert(const Routing& routing, RouterKind router, int t, float& confidence);

/// Fills grid.expert/confidence (first layer, routers' real choice), layerExpert and
/// layerConfidence (every layer), expertClass or expertValue (each expert alone, first
/// layer). Call right after net.forward(X, Phase::Inference); X: cells x d.
void fillTerritoryDetail(TerritoryGrid& grid, MoeNetwork& net, const Matrix& X, const TargetScaler& targetScaler,
                         bool classification);

}  // namespace moe
