#include "core/model/softmax_topk_router.h"

#include "core/model/row_blocks.h"
#include "core/model/top_k.h"

namespace moe {

SoftmaxTopKRouter::SoftmaxTopKRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void SoftmaxTopKRouter::select(Routing& routing, Phase, const Matrix&) {
    const int k = routing.places;
    // Each sample's choice is its own, so row blocks run in parallel.
    forEachRowBlock(routing.samples, [&](int begin, int end) {
        std::vector<int> order;
        for (int t = begin; t < end; ++t) {
            topK(routing.experts, k, order, [&](int e) { return routing.probs(t, e); });
            float chosenSum = 0.0f;
            for (int j = 0; j < k; ++j) chosenSum += routing.probs(t, order[static_cast<std::size_t>(j)]);
            for (int j = 0; j < k; ++j) {
                const int e = order[static_cast<std::size_t>(j)];
                routing.expert[routing.index(t, j)] = e;
                routing.weight(t, j) = renormalizes() ? routing.probs(t, e) / chosenSum : routing.probs(t, e);
            }
        }
    });
}

void SoftmaxTopKRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    m_dProbs.setZero(routing.samples, routing.experts);
    if (renormalizes()) renormalizedWeightsToProbs(routing, dWeight, m_dProbs);
    else rawWeightsToProbs(routing, dWeight, m_dProbs);
    probsBackward(routing, m_dProbs, dLogits);
}

}  // namespace moe
