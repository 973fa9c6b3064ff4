#pragma once
// Intended usage: the classic mixture of experts (Jacobs et al. 1991, moe-spec section 1):
// the experts produce the model's output, y = sum_i g_i expert_i(x), and the gate's argmax
// over the input plane is each expert's territory.
//
//   MoeModel m(config.model, d, out, {config.train.balanceLoss, config.train.zLoss});
//   m.initialize(rng);
//   const Matrix& Y = m.forward(X, Phase::Inference);   // X: T x d -> T x out
//   const Routing& r = m.routing();                     // who went where

#include "core/model/model.h"
#include "core/model/moe_layer.h"

namespace moe {

class MoeModel final : public Model {
public:
    MoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux);

    void initialize(Rng& rng);

    int inputs() const override { return m_layer.inputs(); }
    int outputs() const override { return m_layer.outputs(); }
    const Matrix& forward(const Matrix& X, Phase phase) override;
    void backward(const Matrix& dY) override;
    double auxLoss() const override { return m_layer.auxLoss().total(); }
    void zeroGrad() override { m_layer.zeroGrad(); }
    std::vector<Parameter> parameters() override;
    ModelCost cost() const override { return m_layer.cost(); }

    const ModelConfig& config() const { return m_config; }
    /// The routing of the last forward().
    const Routing& routing() const { return m_layer.routing(); }
    MoeLayer& layer() { return m_layer; }
    const MoeLayer& layer() const { return m_layer; }

private:
    ModelConfig m_config;
    MoeLayer m_layer;
    Matrix m_output;
    const Matrix* m_input = nullptr;
};

}  // namespace moe
