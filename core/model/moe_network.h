#pragma once
// Intended usage: what every model with MoE layers offers beyond Model - its MoE layers
// (for routing metrics, territories and the model file), its buffers and a deep copy.
// MoeModel (the classic mixture) and BlockMoeModel (residual MoE blocks) implement it;
// makeMoeNetwork() builds the one a ModelConfig names.
//
//   std::unique_ptr<MoeNetwork> net = makeMoeNetwork(config.model, d, out, aux);
//   net->initialize(rng);
//   net->forward(X, Phase::Inference);
//   const Routing& first = net->moeLayer(0).routing();

#include "core/model/model.h"
#include "core/model/moe_layer.h"

#include <memory>

namespace moe {

class MoeNetwork : public Model {
public:
    virtual std::unique_ptr<MoeNetwork> clone() const = 0;
    virtual void initialize(Rng& rng) = 0;
    virtual const ModelConfig& config() const = 0;

    virtual int moeLayerCount() const = 0;
    virtual MoeLayer& moeLayer(int i) = 0;
    virtual const MoeLayer& moeLayer(int i) const = 0;

    ModelCost cost() const override { return cost({}); }
    /// The cost with each MoE layer's measured average experts per sample (layer order;
    /// missing or 0 = the router's expected count). Only routers whose count depends on the
    /// input (top-p) use it: moe-spec section 6 counts their measured average.
    virtual ModelCost cost(const std::vector<double>& measuredExpertsPerSample) const = 0;

    double auxLoss() const override;
    void afterStep() override;
    /// Non-trainable state saved with the model (a routing bias, for instance).
    std::vector<Buffer> buffers();
};

std::unique_ptr<MoeNetwork> makeMoeNetwork(const ModelConfig& config, int inputs, int outputs,
                                           const AuxLossWeights& aux);

}  // namespace moe
