#pragma once
// Intended usage: the classic mixture of experts (Jacobs et al. 1991, moe-spec section 1):
// the experts produce the model's output, y = sum_i g_i expert_i(x), and the gate's argmax
// over the input plane is each expert's territory. Trained on the combined output
// (cooperative loss) or on -log sum_i g_i P_i(target) (competitive loss), where the experts
// localise: each is pulled toward the inputs it already explains (responsibility h_i).
//
//   MoeModel m(config.model, d, out, {config.train.balanceLoss, config.train.zLoss});
//   m.initialize(rng);
//   const Matrix& Y = m.forward(X, Phase::Inference);   // X: T x d -> T x out
//   const Routing& r = m.routing();                     // who went where
//
// With the competitive loss a classifier's output is log sum_i g_i softmax(o_i): the log of
// the mixture's class probabilities, so argmax and cross-entropy read it as logits.

#include "core/model/moe_network.h"

namespace moe {

class MoeModel final : public MoeNetwork {
public:
    MoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux);

    std::unique_ptr<MoeNetwork> clone() const override { return std::make_unique<MoeModel>(*this); }
    void initialize(Rng& rng) override;
    const ModelConfig& config() const override { return m_config; }
    int moeLayerCount() const override { return 1; }
    MoeLayer& moeLayer(int) override { return m_layer; }
    const MoeLayer& moeLayer(int) const override { return m_layer; }

    int inputs() const override { return m_layer.inputs(); }
    int outputs() const override { return m_layer.outputs(); }
    const Matrix& forward(const Matrix& X, Phase phase) override;
    const Matrix& lastOutput() const override { return m_output; }
    void backward(const Matrix& dY) override;
    double backwardTask(const Targets& targets) override;
    void zeroGrad() override { m_layer.zeroGrad(); }
    std::vector<Parameter> parameters() override;
    using MoeNetwork::cost;
    ModelCost cost(const std::vector<double>& measured) const override {
        return m_layer.cost(measured.empty() ? 0.0 : measured.front());
    }

    /// The routing of the last forward().
    const Routing& routing() const { return m_layer.routing(); }
    MoeLayer& layer() { return m_layer; }
    const MoeLayer& layer() const { return m_layer; }

private:
    bool competitive() const { return m_config.mixtureLoss == MixtureLoss::Competitive; }
    double competitiveBackward(const Targets& targets);

    ModelConfig m_config;
    MoeLayer m_layer;
    Matrix m_output;
    Matrix m_combined;     // competitive classification: the cooperative sum (unused output)
    const Matrix* m_input = nullptr;
};

}  // namespace moe
