#include "core/model/sigmoid_bias_router.h"

#include "core/model/top_k.h"

#include <cmath>

namespace moe {

SigmoidBiasRouter::SigmoidBiasRouter(const ModelConfig& config, int inputs)
    : Router(config, inputs), m_bias(Matrix::Zero(1, config.experts)) {}

void SigmoidBiasRouter::initialize(Rng& rng) {
    Router::initialize(rng);
    m_bias.setZero();
}

void SigmoidBiasRouter::collectBuffers(const std::string& prefix, std::vector<Buffer>& out) {
    out.push_back({prefix + ".selection_bias", &m_bias});
}

void SigmoidBiasRouter::score(const Matrix& X, Phase, Routing& routing) {
    m_gate.forward(X, routing.logits);
    m_scores = routing.logits.unaryExpr([](float v) { return 1.0f / (1.0f + std::exp(-v)); });
    routing.probs = m_scores;
    routing.probs.array().colwise() /= m_scores.rowwise().sum().array();
}

void SigmoidBiasRouter::select(Routing& routing, Phase, const Matrix&) {
    const int k = routing.places;
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        // The bias steers the choice only; the weights come from the unbiased scores.
        topK(routing.experts, k, order, [&](int e) { return m_scores(t, e) + m_bias(0, e); });
        float chosenSum = 0.0f;
        for (int j = 0; j < k; ++j) chosenSum += m_scores(t, order[static_cast<std::size_t>(j)]);
        for (int j = 0; j < k; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[routing.index(t, j)] = e;
            routing.weight(t, j) = m_scores(t, e) / chosenSum;
        }
    }
}

void SigmoidBiasRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    // w_j = s_j / S over the chosen: ds_j = (dw_j - sum_m w_m dw_m) / S; ds/dl = s (1 - s).
    for (int t = 0; t < routing.samples; ++t) {
        float sum = 0.0f, dot = 0.0f;
        for (int j = 0; j < routing.places; ++j) sum += m_scores(t, routing.expertAt(t, j));
        for (int j = 0; j < routing.places; ++j) dot += m_scores(t, routing.expertAt(t, j)) / sum * dWeight(t, j);
        for (int j = 0; j < routing.places; ++j) {
            const int e = routing.expertAt(t, j);
            const float s = m_scores(t, e);
            dLogits(t, e) += (dWeight(t, j) - dot) / sum * s * (1.0f - s);
        }
    }
}

void SigmoidBiasRouter::probsBackward(const Routing& routing, const Matrix& dProbs, Matrix& dLogits) {
    // p = s / sum(s): ds_m = (dp_m - sum_i p_i dp_i) / sum(s).
    for (int t = 0; t < routing.samples; ++t) {
        const float sum = m_scores.row(t).sum();
        const float dot = routing.probs.row(t).dot(dProbs.row(t));
        for (int e = 0; e < routing.experts; ++e) {
            const float s = m_scores(t, e);
            dLogits(t, e) += (dProbs(t, e) - dot) / sum * s * (1.0f - s);
        }
    }
}

void SigmoidBiasRouter::afterStep(const Routing& routing) {
    // b_i += u sign(mean load - load_i): underloaded experts become more attractive.
    double mean = 0.0;
    for (int c : routing.countsBefore) mean += c;
    mean /= routing.experts;
    const auto u = static_cast<float>(config().biasUpdateRate);
    for (int e = 0; e < routing.experts; ++e) {
        const double diff = mean - routing.countsBefore[static_cast<std::size_t>(e)];
        m_bias(0, e) += u * static_cast<float>((diff > 0.0) - (diff < 0.0));
    }
}

}  // namespace moe
