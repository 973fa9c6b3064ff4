#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Softmax top-k (Mixtral, GShard, DeepSpeed): the k largest p, weights renormalised to
/// sum 1 over the chosen (default) or the raw p. With k = 1 the raw p is always used, as in
/// DeepSpeed's top1gating and Switch: a single renormalised weight is identically 1, which
/// would leave the gate with no task gradient at all.
class SoftmaxTopKRouter final : public Router {
public:
    SoftmaxTopKRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<SoftmaxTopKRouter>(*this); }
    RouterKind kind() const override { return RouterKind::SoftmaxTopK; }
    /// Whether the combine weights are renormalised (the option, and k > 1).
    bool renormalizes() const { return config().renormalize && k() > 1; }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;

private:
    Matrix m_dProbs;   ///< T x E workspace of weightBackward
};

}  // namespace moe
