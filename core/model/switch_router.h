#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Switch Transformer top-1: argmax p with the raw p_max as weight; in training the router
/// INPUT is multiplied elementwise by U(1 - eps, 1 + eps) noise (eps = config.jitter).
class SwitchRouter final : public Router {
public:
    SwitchRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<SwitchRouter>(*this); }
    RouterKind kind() const override { return RouterKind::Switch; }
    int places() const override { return 1; }
    double expectedExpertsPerSample() const override { return 1.0; }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    void score(const Matrix& X, Phase phase, Routing& routing) override;
    void scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) override;

private:
    Matrix m_jitter;          // T x d multipliers of the last training score(); empty if none
    Matrix m_jitteredInput;   // T x d
};

}  // namespace moe
