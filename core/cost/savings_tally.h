#pragma once
// Intended usage: the compute the MoE's sparsity has saved over every sample it has
// predicted, against the dense model with the same parameters doing the same predictions.
// Each batch of predictions is added with the FLOPs per sample in force at that moment,
// so the tally stays right across runs of different sizes and top-k changes.
//
//   SavingsTally tally;
//   tally.add(testRows, cost.moe.flopsPerSample, cost.denseEqualParams.flopsPerSample);
//   double saved = tally.savedFlops();   // = sum samples x (dense - MoE) FLOPs per sample

#include <cstdint>

namespace moe {

struct SavingsTally {
    std::int64_t samples = 0;   ///< samples the MoE predicted (forward passes in inference)
    double moeFlops = 0.0;      ///< FLOPs the MoE spent on them
    double denseFlops = 0.0;    ///< FLOPs the dense-equal-params model would have spent

    void add(std::int64_t count, double moeFlopsPerSample, double denseFlopsPerSample) {
        if (count <= 0) return;
        samples += count;
        moeFlops += static_cast<double>(count) * moeFlopsPerSample;
        denseFlops += static_cast<double>(count) * denseFlopsPerSample;
    }
    void add(const SavingsTally& other) {
        samples += other.samples;
        moeFlops += other.moeFlops;
        denseFlops += other.denseFlops;
    }
    /// Negative when the MoE costs more than the dense model (a small E with a big gate).
    double savedFlops() const { return denseFlops - moeFlops; }
    /// savedFlops() / denseFlops, 0 before any prediction.
    double savedFraction() const { return denseFlops > 0.0 ? savedFlops() / denseFlops : 0.0; }
};

}  // namespace moe
