#include "core/model/softmax_topk_router.h"

#include "core/model/top_k.h"

namespace moe {

SoftmaxTopKRouter::SoftmaxTopKRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void SoftmaxTopKRouter::select(Routing& routing, Phase, const Matrix&) {
    const int k = routing.places;
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        topK(routing.experts, k, order, [&](int e) { return routing.probs(t, e); });
        float chosenSum = 0.0f;
        for (int j = 0; j < k; ++j) chosenSum += routing.probs(t, order[static_cast<std::size_t>(j)]);
        for (int j = 0; j < k; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[routing.index(t, j)] = e;
            routing.weight(t, j) = renormalizes() ? routing.probs(t, e) / chosenSum : routing.probs(t, e);
        }
    }
}

void SoftmaxTopKRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    if (renormalizes()) renormalizedWeightsToProbs(routing, dWeight, dProbs);
    else rawWeightsToProbs(routing, dWeight, dProbs);
    probsBackward(routing, dProbs, dLogits);
}

}  // namespace moe
