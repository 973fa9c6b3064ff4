#include "core/train/optimizer.h"

#include <cassert>
#include <cmath>

namespace moe {
namespace {

// Lazily sized state, one matrix per parameter, in the parameters' order.
void ensureState(std::vector<Matrix>& state, const std::vector<Parameter>& parameters) {
    if (!state.empty()) {
        assert(state.size() == parameters.size());
        return;
    }
    state.reserve(parameters.size());
    for (const Parameter& p : parameters) state.push_back(Matrix::Zero(p.value->rows(), p.value->cols()));
}

}  // namespace

Adam::Adam(double learningRate, double beta1, double beta2, double eps)
    : m_lr(learningRate), m_beta1(beta1), m_beta2(beta2), m_eps(eps) {}

void Adam::step(const std::vector<Parameter>& parameters) {
    ensureState(m_m, parameters);
    ensureState(m_v, parameters);
    ++m_t;
    const auto b1 = static_cast<float>(m_beta1);
    const auto b2 = static_cast<float>(m_beta2);
    // Bias corrections folded into the step size (Kingma & Ba, section 2).
    const double correction1 = 1.0 - std::pow(m_beta1, static_cast<double>(m_t));
    const double correction2 = 1.0 - std::pow(m_beta2, static_cast<double>(m_t));
    const auto stepSize = static_cast<float>(m_lr * std::sqrt(correction2) / correction1);
    const auto eps = static_cast<float>(m_eps * std::sqrt(correction2));
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const Matrix& g = *parameters[i].grad;
        m_m[i] = b1 * m_m[i] + (1.0f - b1) * g;
        m_v[i] = b2 * m_v[i] + (1.0f - b2) * g.cwiseProduct(g);
        parameters[i].value->array() -= stepSize * m_m[i].array() / (m_v[i].array().sqrt() + eps);
    }
}

Sgd::Sgd(double learningRate, double momentum) : m_lr(learningRate), m_momentum(momentum) {}

void Sgd::step(const std::vector<Parameter>& parameters) {
    ensureState(m_velocity, parameters);
    const auto mu = static_cast<float>(m_momentum);
    const auto lr = static_cast<float>(m_lr);
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        m_velocity[i] = mu * m_velocity[i] + *parameters[i].grad;
        *parameters[i].value -= lr * m_velocity[i];
    }
}

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& config) {
    switch (config.optimizer) {
        case OptimizerKind::Adam: return std::make_unique<Adam>(config.learningRate);
        case OptimizerKind::Sgd: return std::make_unique<Sgd>(config.learningRate, config.momentum);
    }
    return nullptr;
}

}  // namespace moe
