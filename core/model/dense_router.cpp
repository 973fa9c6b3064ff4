#include "core/model/dense_router.h"

#include "core/model/top_k.h"

namespace moe {

DenseRouter::DenseRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void DenseRouter::select(Routing& routing, Phase, const Matrix&) {
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        topK(routing.experts, routing.experts, order, [&](int e) { return routing.probs(t, e); });
        for (int j = 0; j < routing.experts; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[routing.index(t, j)] = e;
            routing.weight(t, j) = routing.probs(t, e);
        }
    }
}

void DenseRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    rawWeightsToProbs(routing, dWeight, dProbs);
    probsBackward(routing, dProbs, dLogits);
}

}  // namespace moe
