#include "core/model/top_p_router.h"

#include "core/model/top_k.h"

#include <cmath>

namespace moe {

TopPRouter::TopPRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void TopPRouter::select(Routing& routing, Phase, const Matrix&) {
    const double threshold = config().topPThreshold;
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        topK(routing.experts, routing.experts, order, [&](int e) { return routing.probs(t, e); });
        double cumulative = 0.0;
        for (int j = 0; j < routing.experts; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[routing.index(t, j)] = e;
            routing.weight(t, j) = routing.probs(t, e);  // raw p, not renormalised
            cumulative += routing.probs(t, e);
            if (cumulative > threshold) break;           // this expert included
        }
    }
}

void TopPRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    rawWeightsToProbs(routing, dWeight, dProbs);
    probsBackward(routing, dProbs, dLogits);
}

void TopPRouter::extraAuxLoss(const Routing& routing, const AuxLossWeights& aux) {
    if (aux.entropy <= 0.0) return;
    double entropy = 0.0;
    for (Eigen::Index i = 0; i < routing.probs.size(); ++i) {
        const double p = routing.probs.data()[i];
        if (p > 0.0) entropy -= p * std::log(p);
    }
    m_aux.entropy = aux.entropy * entropy / routing.samples;
}

void TopPRouter::extraAuxBackward(const Routing& routing, const AuxLossWeights& aux, Matrix&,
                                  Matrix& dLogits) {
    if (aux.entropy <= 0.0) return;
    // d/dp_i of -(1/T) sum p log p = -(log p_i + 1) / T.
    Matrix dProbs(routing.samples, routing.experts);
    const double scale = aux.entropy / routing.samples;
    for (Eigen::Index i = 0; i < dProbs.size(); ++i) {
        const double p = std::max(static_cast<double>(routing.probs.data()[i]), 1e-30);
        dProbs.data()[i] = static_cast<float>(-scale * (std::log(p) + 1.0));
    }
    probsBackward(routing, dProbs, dLogits);
}

}  // namespace moe
