#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Dynamic top-p (Huang 2024): experts in descending p until the cumulative p exceeds the
/// threshold (that expert included); raw p as weights. Its gate-entropy loss sharpens the
/// gate, so confident inputs use fewer experts.
class TopPRouter final : public Router {
public:
    TopPRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<TopPRouter>(*this); }
    RouterKind kind() const override { return RouterKind::TopP; }
    int places() const override { return experts(); }
    bool expertsPerSampleVaries() const override { return true; }
protected:
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    void extraAuxLoss(const Routing& routing, const AuxLossWeights& aux) override;
    void extraAuxBackward(const Routing& routing, const AuxLossWeights& aux, Matrix& dWeight,
                          Matrix& dLogits) override;
};

}  // namespace moe
