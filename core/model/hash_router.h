#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Hash routing (the unlearned baseline): a fixed hash of the model's input row picks the
/// first expert, the next k - 1 follow cyclically; weights 1/k. Nothing is learned.
class HashRouter final : public Router {
public:
    HashRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<HashRouter>(*this); }
    RouterKind kind() const override { return RouterKind::Hash; }
    void initialize(Rng& rng) override { Router::initialize(rng); m_gate.weight().setZero(); }
    void zeroGrad() override {}
    void collectParameters(const std::string&, std::vector<Parameter>&) override {}
    std::int64_t parameterCount() const override { return 0; }
    double flopsPerSample() const override { return 0.0; }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    void score(const Matrix& X, Phase phase, Routing& routing) override;
    void scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) override;
};

}  // namespace moe
