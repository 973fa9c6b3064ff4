#include "core/model/moe_model.h"

#include <cassert>

namespace moe {

MoeModel::MoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux)
    : m_config(config), m_layer(config, inputs, outputs) {
    m_layer.setAuxWeights(aux);
}

void MoeModel::initialize(Rng& rng) { m_layer.initialize(rng); }

const Matrix& MoeModel::forward(const Matrix& X, Phase phase) {
    assert(X.cols() == inputs());
    m_input = &X;
    m_layer.forward(X, phase, m_output);
    return m_output;
}

void MoeModel::backward(const Matrix& dY) {
    assert(m_input && dY.rows() == m_input->rows());
    m_layer.backward(*m_input, dY, nullptr);
}

std::vector<Parameter> MoeModel::parameters() {
    std::vector<Parameter> out;
    m_layer.collectParameters("", out);
    return out;
}

}  // namespace moe
