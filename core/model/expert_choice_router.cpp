#include "core/model/expert_choice_router.h"

#include "core/model/top_k.h"

#include <algorithm>
#include <cmath>

namespace moe {

ExpertChoiceRouter::ExpertChoiceRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void ExpertChoiceRouter::select(Routing& routing, Phase, const Matrix&) {
    const int T = routing.samples;
    const int E = routing.experts;
    const double c = config().expertChoiceFactor;
    routing.capacity = std::clamp(static_cast<int>(std::lround(T * c / E)), 1, std::max(1, T));
    // Each expert picks its C best samples; ties go to the earlier sample.
    std::vector<std::vector<int>> chosenBy(static_cast<std::size_t>(T));
    std::vector<int> order;
    for (int e = 0; e < E; ++e) {
        topK(T, routing.capacity, order, [&](int t) { return routing.probs(t, e); });
        for (int i = 0; i < routing.capacity; ++i)
            chosenBy[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])].push_back(e);
    }
    for (int t = 0; t < T; ++t) {
        std::vector<int>& experts = chosenBy[static_cast<std::size_t>(t)];
        std::stable_sort(experts.begin(), experts.end(),
                         [&](int a, int b) { return routing.probs(t, a) > routing.probs(t, b); });
        for (std::size_t j = 0; j < experts.size(); ++j) {
            routing.expert[routing.index(t, static_cast<int>(j))] = experts[j];
            routing.weight(t, static_cast<Eigen::Index>(j)) = routing.probs(t, experts[j]);
        }
    }
}

void ExpertChoiceRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    rawWeightsToProbs(routing, dWeight, dProbs);
    probsBackward(routing, dProbs, dLogits);
}

}  // namespace moe
