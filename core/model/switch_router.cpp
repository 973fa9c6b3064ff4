#include "core/model/switch_router.h"

#include "core/model/top_k.h"

namespace moe {

SwitchRouter::SwitchRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void SwitchRouter::score(const Matrix& X, Phase phase, Routing& routing) {
    const double eps = config().jitter;
    if (phase != Phase::Training || eps <= 0.0) {
        m_jitter.resize(0, 0);
        Router::score(X, phase, routing);
        return;
    }
    std::uniform_real_distribution<float> uniform(static_cast<float>(1.0 - eps), static_cast<float>(1.0 + eps));
    m_jitter.resize(X.rows(), X.cols());
    for (Eigen::Index i = 0; i < m_jitter.size(); ++i) m_jitter.data()[i] = uniform(m_noiseRng);
    m_jitteredInput = X.cwiseProduct(m_jitter);
    Router::score(m_jitteredInput, phase, routing);
}

void SwitchRouter::scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) {
    if (m_jitter.size() == 0) {
        Router::scoreBackward(X, dLogits, dX);
        return;
    }
    Router::scoreBackward(m_jitteredInput, dLogits, dX);
    if (dX) *dX = dX->cwiseProduct(m_jitter);
}

void SwitchRouter::select(Routing& routing, Phase, const Matrix&) {
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        topK(routing.experts, 1, order, [&](int e) { return routing.probs(t, e); });
        routing.expert[routing.index(t, 0)] = order.front();
        routing.weight(t, 0) = routing.probs(t, order.front());  // raw p_max, never renormalised
    }
}

void SwitchRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    rawWeightsToProbs(routing, dWeight, dProbs);
    probsBackward(routing, dProbs, dLogits);
}

}  // namespace moe
