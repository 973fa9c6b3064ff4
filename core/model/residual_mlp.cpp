#include "core/model/residual_mlp.h"

#include <cassert>

namespace moe {

ResidualMlp::ResidualMlp(int inputs, int modelWidth, int width, int layers, int outputs, Activation activation)
    : m_embedding(inputs, modelWidth),
      m_blocks(static_cast<std::size_t>(layers), Expert(modelWidth, width, modelWidth, activation)),
      m_caches(static_cast<std::size_t>(layers)),
      m_head(modelWidth, outputs) {}

void ResidualMlp::initialize(Rng& rng) {
    m_embedding.initialize(rng, std::nullopt);
    for (Expert& block : m_blocks) {
        block.initialize(rng);
        block.fc2().weight() *= 0.5f;  // as BlockMoeModel: residual branches start small
    }
    m_head.initialize(rng, std::nullopt);
}

const Matrix& ResidualMlp::forward(const Matrix& X, Phase) {
    m_input = &X;
    m_z.resize(m_blocks.size() + 1);
    m_embedding.forward(X, m_z[0]);
    for (std::size_t l = 0; l < m_blocks.size(); ++l) {
        m_blocks[l].forward(m_z[l], m_caches[l], m_blockOut);
        m_z[l + 1] = m_z[l] + m_blockOut;
    }
    m_head.forward(m_z.back(), m_output);
    return m_output;
}

void ResidualMlp::backward(const Matrix& dY) {
    assert(m_input);
    m_head.backward(m_z.back(), dY, &m_dz);
    for (std::size_t l = m_blocks.size(); l-- > 0;) {
        m_blocks[l].backward(m_z[l], m_caches[l], m_dz, &m_dBlockIn);
        m_dz += m_dBlockIn;
    }
    m_embedding.backward(*m_input, m_dz, nullptr);
}

void ResidualMlp::zeroGrad() {
    m_embedding.zeroGrad();
    for (Expert& block : m_blocks) block.zeroGrad();
    m_head.zeroGrad();
}

std::vector<Parameter> ResidualMlp::parameters() {
    std::vector<Parameter> out;
    m_embedding.collectParameters("embedding", out);
    for (std::size_t l = 0; l < m_blocks.size(); ++l) m_blocks[l].collectParameters("layers." + std::to_string(l) + ".ffn", out);
    m_head.collectParameters("head", out);
    return out;
}

ModelCost ResidualMlp::cost() const {
    ModelCost c;
    c.paramsTotal = m_embedding.parameterCount() + m_head.parameterCount();
    c.expertFlops = m_embedding.flopsPerSample() + m_head.flopsPerSample();
    for (const Expert& block : m_blocks) {
        c.paramsTotal += block.parameterCount();
        c.expertFlops += block.flopsPerSample() + block.outputs();  // + the residual add
    }
    c.paramsActive = c.paramsTotal;
    c.flopsPerSample = c.expertFlops;
    return c;
}

}  // namespace moe
