#pragma once
// Intended usage: the MoE feed-forward network of Shazeer 2017, GShard, Switch and Mixtral
// (moe-spec section 1): an embedding Linear(d, m), then `layers` residual blocks
// z <- z + MoE(z), each MoE layer's experts m -> h -> m, then a head Linear(m, out).
// A sample that capacity drops from every expert of a block passes through its residual.
//
//   BlockMoeModel net(config.model, d, out, aux);       // config.model.mode == Block
//   net.initialize(rng);
//   const Matrix& Y = net.forward(X, Phase::Training);  // X: T x d -> T x out
//
// The hash router hashes the network's input X, never the trained embedding, so its
// routing stays a fixed function of the data.

#include "core/model/moe_network.h"

namespace moe {

class BlockMoeModel final : public MoeNetwork {
public:
    BlockMoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux);

    std::unique_ptr<MoeNetwork> clone() const override { return std::make_unique<BlockMoeModel>(*this); }
    void initialize(Rng& rng) override;
    const ModelConfig& config() const override { return m_config; }
    int moeLayerCount() const override { return static_cast<int>(m_layers.size()); }
    MoeLayer& moeLayer(int i) override { return m_layers[static_cast<std::size_t>(i)]; }
    const MoeLayer& moeLayer(int i) const override { return m_layers[static_cast<std::size_t>(i)]; }

    int inputs() const override { return m_embedding.inputs(); }
    int outputs() const override { return m_head.outputs(); }
    const Matrix& forward(const Matrix& X, Phase phase) override;
    const Matrix& lastOutput() const override { return m_output; }
    void backward(const Matrix& dY) override;
    void zeroGrad() override;
    std::vector<Parameter> parameters() override;
    using MoeNetwork::cost;
    ModelCost cost(const std::vector<double>& measuredExpertsPerSample) const override;

    Linear& embedding() { return m_embedding; }   ///< d x m
    Linear& head() { return m_head; }             ///< m x out
    /// The input z_l of block `layer` in the last forward(): T x m (layer == layers: the head's input).
    const Matrix& blockInput(int layer) const { return m_z[static_cast<std::size_t>(layer)]; }

private:
    ModelConfig m_config;
    Linear m_embedding;
    std::vector<MoeLayer> m_layers;
    Linear m_head;
    std::vector<Matrix> m_z;        // layers + 1 activations, T x m each
    Matrix m_blockOut;              // T x m
    Matrix m_output;                // T x out
    Matrix m_dz, m_dzNext, m_dBlockIn;
    const Matrix* m_input = nullptr;
};

}  // namespace moe
