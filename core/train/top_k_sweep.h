#pragma once
// Intended usage: the accuracy-against-compute trade-off of a trained MoE when its top-k is
// changed at inference only (the Pareto view). The trained weights are kept; only the
// number of experts each sample is routed to changes, so k = the training k reproduces the
// trained model exactly, and each other k shows what fewer or more experts per sample
// would buy or cost without retraining.
//
//   if (topKSweepApplies(config.model.router)) {
//       std::vector<TopKPoint> points = sweepTopK(*trained.model, standardisedTest, trained.targetScaler);
//       // points[k - 1]: metrics and FLOPs per sample with k experts per sample
//   }
//
// Only token-choice routers that pick the k best experts (softmax-topk, noisy-topk,
// sigmoid-bias, hash) have a k to vary: switch routes to exactly one expert by design, and
// dense, top-p and expert-choice choose how many experts a sample gets by other rules.

#include "core/data/dataset.h"
#include "core/model/moe_network.h"
#include "core/train/top_k_point.h"
#include "core/train/trained_model.h"

#include <memory>
#include <vector>

namespace moe {

/// Whether `router` selects a variable number k of best experts per sample.
bool topKSweepApplies(RouterKind router);

/// A copy of `model` with the same weights and buffers that routes each sample to `k`
/// experts. Requires topKSweepApplies(model.config().router) and 1 <= k <= experts.
std::unique_ptr<MoeNetwork> withTopK(const MoeNetwork& model, int k);

/// `model` evaluated on `data` (standardised, as the model was trained) with k experts
/// per sample, for one k. Same preconditions as withTopK().
TopKPoint evaluateAtTopK(const MoeNetwork& model, int k, const Dataset& data, const TargetScaler& targetScaler);

/// evaluateAtTopK() for k = 1..E, in order. Empty when the router has no k to vary.
std::vector<TopKPoint> sweepTopK(const MoeNetwork& model, const Dataset& data, const TargetScaler& targetScaler);

}  // namespace moe
