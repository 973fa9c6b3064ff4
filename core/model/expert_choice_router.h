#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Expert choice (Zhou 2022): each expert takes the C = round(T c / E) samples of the batch
/// with the highest p for it; weights are those p. The load is even by construction, and
/// a sample's experts depend on the rest of its batch (undefined for a single sample).
class ExpertChoiceRouter final : public Router {
public:
    ExpertChoiceRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<ExpertChoiceRouter>(*this); }
    RouterKind kind() const override { return RouterKind::ExpertChoice; }
    int places() const override { return experts(); }
    double expectedExpertsPerSample() const override { return config().expertChoiceFactor; }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    bool usesCapacity() const override { return false; }
};

}  // namespace moe
