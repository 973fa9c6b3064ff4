#pragma once
// Intended usage: one point of the top-k sweep (core/train/top_k_sweep.h) as a plain value
// with no Eigen, so the GUI and reports can hold and pass it cheaply.
//
//   for (const TopKPoint& p : experiment.topKSweep()) plot(p.cost.flopsPerSample, p.metrics.testAccuracy);

#include "core/cost/cost_report.h"
#include "core/train/snapshot.h"

namespace moe {

/// The trained MoE evaluated on the test split with `k` experts per sample.
struct TopKPoint {
    int k = 0;
    ModelMetrics metrics;   ///< testLoss, and testAccuracy or testR2/testMse; trainSeconds 0
    ModelCost cost;         ///< FLOPs and active parameters per sample with this k
};

}  // namespace moe
