#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Dense softmax mixture (Jacobs 1991): every expert, weighted by p. No sparsity.
class DenseRouter final : public Router {
public:
    DenseRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<DenseRouter>(*this); }
    RouterKind kind() const override { return RouterKind::Dense; }
    int places() const override { return experts(); }
    double expectedExpertsPerSample() const override { return experts(); }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
};

}  // namespace moe
