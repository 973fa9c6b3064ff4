#include "core/model/block_moe_model.h"

#include <cassert>

namespace moe {

BlockMoeModel::BlockMoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux)
    : m_config(config),
      m_embedding(inputs, config.blockWidth()),
      m_layers(static_cast<std::size_t>(config.layers), MoeLayer(config, config.blockWidth(), config.blockWidth())),
      m_head(config.blockWidth(), outputs) {
    for (MoeLayer& layer : m_layers) layer.setAuxWeights(aux);
}

void BlockMoeModel::initialize(Rng& rng) {
    m_embedding.initialize(rng, std::nullopt);
    for (MoeLayer& layer : m_layers) {
        layer.initialize(rng);
        // Start every residual branch small, so the untrained network is near the identity
        // and deep stacks train as easily as shallow ones.
        for (Expert& e : layer.experts()) e.fc2().weight() *= 0.5f;
        for (Expert& e : layer.sharedExperts()) e.fc2().weight() *= 0.5f;
    }
    m_head.initialize(rng, std::nullopt);
}

const Matrix& BlockMoeModel::forward(const Matrix& X, Phase phase) {
    assert(X.cols() == inputs());
    m_input = &X;
    m_z.resize(m_layers.size() + 1);
    m_embedding.forward(X, m_z[0]);
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        m_layers[l].forward(m_z[l], phase, m_blockOut, &X);
        m_z[l + 1] = m_z[l] + m_blockOut;   // residual: a dropped sample passes unchanged
    }
    m_head.forward(m_z.back(), m_output);
    return m_output;
}

void BlockMoeModel::backward(const Matrix& dY) {
    assert(m_input && dY.rows() == m_input->rows());
    m_head.backward(m_z.back(), dY, &m_dz);
    for (std::size_t l = m_layers.size(); l-- > 0;) {
        m_layers[l].backward(m_z[l], m_dz, &m_dBlockIn);
        m_dz += m_dBlockIn;                  // the residual path adds the block's input gradient
    }
    m_embedding.backward(*m_input, m_dz, nullptr);
}

void BlockMoeModel::zeroGrad() {
    m_embedding.zeroGrad();
    for (MoeLayer& layer : m_layers) layer.zeroGrad();
    m_head.zeroGrad();
}

std::vector<Parameter> BlockMoeModel::parameters() {
    std::vector<Parameter> out;
    m_embedding.collectParameters("embedding", out);
    for (std::size_t l = 0; l < m_layers.size(); ++l)
        m_layers[l].collectParameters("layers." + std::to_string(l) + ".", out);
    m_head.collectParameters("head", out);
    return out;
}

ModelCost BlockMoeModel::cost(const std::vector<double>& measuredExpertsPerSample) const {
    ModelCost c;
    c.paramsTotal = m_embedding.parameterCount() + m_head.parameterCount();
    c.paramsActive = c.paramsTotal;
    const double width = m_config.blockWidth();
    // The embedding, the head and each residual add are dense work every sample pays.
    c.expertFlops = m_embedding.flopsPerSample() + m_head.flopsPerSample() + width * static_cast<double>(m_layers.size());
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const ModelCost l = m_layers[i].cost(i < measuredExpertsPerSample.size() ? measuredExpertsPerSample[i] : 0.0);
        c.paramsTotal += l.paramsTotal;
        c.paramsActive += l.paramsActive;
        c.gateFlops += l.gateFlops;
        c.expertFlops += l.expertFlops;
        c.combineFlops += l.combineFlops;
    }
    c.flopsPerSample = c.gateFlops + c.expertFlops + c.combineFlops;
    return c;
}

}  // namespace moe
