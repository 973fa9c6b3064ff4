#pragma once
// Intended usage: parameter and FLOP accounting (moe-spec section 6) as plain values.
// A multiply-add counts as 2 FLOPs; FLOPs are per sample, forward pass.

#include <cstdint>

namespace moe {

struct ModelCost {
    std::int64_t paramsTotal = 0;
    std::int64_t paramsActive = 0;   ///< parameters a single sample touches
    double flopsPerSample = 0.0;     ///< gate + experts + combine (or the dense MLP)
    double gateFlops = 0.0;          ///< 0 for dense models
    double expertFlops = 0.0;
    double combineFlops = 0.0;       ///< 0 for dense models
};

struct CostReport {
    ModelCost moe;
    ModelCost denseEqualParams;      ///< one MLP of width experts * hidden
    ModelCost denseEqualCompute;     ///< one MLP of width topK * hidden
    /// 1 - moe FLOPs / dense-equal-params FLOPs.
    double savingVsDenseParams() const {
        return denseEqualParams.flopsPerSample > 0
                   ? 1.0 - moe.flopsPerSample / denseEqualParams.flopsPerSample
                   : 0.0;
    }
};

}  // namespace moe
