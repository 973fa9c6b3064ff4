#include "core/train/optimizer.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string_view>

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

// Elements per task of an update. Every element's update depends on that element alone, so
// how the work is split changes the speed and never the numbers.
constexpr Eigen::Index kChunk = 16384;

/// Calls body(i, begin, end) for every chunk [begin, end) of every parameter i, on oneTBB.
template <class Body>
void forEachChunk(const std::vector<Parameter>& parameters, const Body& body) {
    struct Chunk {
        std::size_t parameter;
        Eigen::Index begin, end;
    };
    std::vector<Chunk> chunks;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const Eigen::Index size = parameters[i].value->size();
        for (Eigen::Index b = 0; b < size; b += kChunk) chunks.push_back({i, b, std::min(size, b + kChunk)});
    }
    tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t c) {
        body(chunks[c].parameter, chunks[c].begin, chunks[c].end);
    });
}

}  // namespace

bool decaysWeight(const std::string& parameterName) {
    constexpr std::string_view suffix = ".weight";
    return parameterName.size() >= suffix.size() &&
           parameterName.compare(parameterName.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void Optimizer::decayWeights(const std::vector<Parameter>& parameters) const {
    if (m_weightDecay == 0.0) return;
    const auto keep = static_cast<float>(1.0 - m_lr * m_weightDecay);
    for (const Parameter& p : parameters)
        if (decaysWeight(p.name)) *p.value *= keep;
}

double clipGradients(const std::vector<Parameter>& parameters, double maxNorm) {
    double sum = 0.0;
    for (const Parameter& p : parameters) sum += static_cast<double>(p.grad->squaredNorm());
    const double norm = std::sqrt(sum);
    if (maxNorm > 0.0 && std::isfinite(norm) && norm > maxNorm) {
        const auto scale = static_cast<float>(maxNorm / norm);
        for (const Parameter& p : parameters) *p.grad *= scale;
    }
    return norm;
}

Adam::Adam(double learningRate, double beta1, double beta2, double eps)
    : Optimizer(learningRate), m_beta1(beta1), m_beta2(beta2), m_eps(eps) {}

void Adam::step(const std::vector<Parameter>& parameters) {
    decayWeights(parameters);
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
    // One pass over each element: both moments and the update.
    forEachChunk(parameters, [&](std::size_t i, Eigen::Index begin, Eigen::Index end) {
        const auto n = end - begin;
        const auto g = parameters[i].grad->reshaped<Eigen::RowMajor>().segment(begin, n).array();
        auto m = m_m[i].reshaped<Eigen::RowMajor>().segment(begin, n).array();
        auto v = m_v[i].reshaped<Eigen::RowMajor>().segment(begin, n).array();
        auto w = parameters[i].value->reshaped<Eigen::RowMajor>().segment(begin, n).array();
        m = b1 * m + (1.0f - b1) * g;
        v = b2 * v + (1.0f - b2) * (g * g);
        w -= stepSize * m / (v.sqrt() + eps);
    });
}

Sgd::Sgd(double learningRate, double momentum) : Optimizer(learningRate), m_momentum(momentum) {}

void Sgd::step(const std::vector<Parameter>& parameters) {
    decayWeights(parameters);
    ensureState(m_velocity, parameters);
    const auto mu = static_cast<float>(m_momentum);
    const auto lr = static_cast<float>(m_lr);
    forEachChunk(parameters, [&](std::size_t i, Eigen::Index begin, Eigen::Index end) {
        const auto n = end - begin;
        const auto g = parameters[i].grad->reshaped<Eigen::RowMajor>().segment(begin, n).array();
        auto v = m_velocity[i].reshaped<Eigen::RowMajor>().segment(begin, n).array();
        auto w = parameters[i].value->reshaped<Eigen::RowMajor>().segment(begin, n).array();
        v = mu * v + g;
        w -= lr * v;
    });
}

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& config) {
    std::unique_ptr<Optimizer> optimizer;
    switch (config.optimizer) {
        case OptimizerKind::Adam: optimizer = std::make_unique<Adam>(config.learningRate); break;
        case OptimizerKind::Sgd: optimizer = std::make_unique<Sgd>(config.learningRate, config.momentum); break;
    }
    optimizer->setWeightDecay(config.weightDecay);
    return optimizer;
}

}  // namespace moe
