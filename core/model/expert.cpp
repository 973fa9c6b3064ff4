#include "core/model/expert.h"

#include "core/model/activation.h"

namespace moe {

Expert::Expert(int inputs, int hidden, int outputs, Activation activation)
    : m_fc1(inputs, hidden), m_fc2(hidden, outputs), m_activation(activation) {}

void Expert::initialize(Rng& rng) {
    m_fc1.initialize(rng, m_activation);
    m_fc2.initialize(rng, std::nullopt);
}

void Expert::forward(const Matrix& X, Cache& cache, Matrix& Y) const {
    // cache.preActivation is filled only where the derivative needs it (GELU): ReLU and
    // tanh take theirs from cache.hidden. ReLU is applied as the product stores.
    if (m_activation == Activation::Relu) {
        m_fc1.forward(X, cache.hidden, GemmActivation::Relu);
    } else {
        m_fc1.forward(X, cache.hidden);
        activateInPlace(m_activation, cache.hidden, cache.preActivation);
    }
    m_fc2.forward(cache.hidden, Y);
}

void Expert::backward(const Matrix& X, Cache& cache, const Matrix& dY, Matrix* dX) {
    m_fc2.backward(cache.hidden, dY, &cache.dHidden);
    activationBackwardInPlace(m_activation, cache.hidden, cache.preActivation, cache.dHidden);
    m_fc1.backward(X, cache.dHidden, dX);
}

void Expert::zeroGrad() {
    m_fc1.zeroGrad();
    m_fc2.zeroGrad();
}

void Expert::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    m_fc1.collectParameters(prefix + ".fc1", out);
    m_fc2.collectParameters(prefix + ".fc2", out);
}

}  // namespace moe
