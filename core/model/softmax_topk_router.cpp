#include "core/model/softmax_topk_router.h"

#include <algorithm>
#include <numeric>

namespace moe {

SoftmaxTopKRouter::SoftmaxTopKRouter(int inputs, int experts, int k, double capacityFactor,
                                     bool renormalize)
    : Router(inputs, experts, k, capacityFactor), m_renormalize(renormalize) {}

std::unique_ptr<Router> SoftmaxTopKRouter::clone() const {
    return std::make_unique<SoftmaxTopKRouter>(*this);
}

void SoftmaxTopKRouter::select(Routing& routing) const {
    const int E = routing.experts;
    const int k = routing.k;
    std::vector<int> order(static_cast<std::size_t>(E));
    for (int t = 0; t < routing.samples; ++t) {
        std::iota(order.begin(), order.end(), 0);
        // Largest p first; equal p resolve to the lower expert index, so ties are deterministic.
        std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
            const float pa = routing.probs(t, a), pb = routing.probs(t, b);
            return pa > pb || (pa == pb && a < b);
        });
        float chosenSum = 0.0f;
        for (int j = 0; j < k; ++j) chosenSum += routing.probs(t, order[static_cast<std::size_t>(j)]);
        for (int j = 0; j < k; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[static_cast<std::size_t>(t * k + j)] = e;
            routing.weight(t, j) = renormalizes() ? routing.probs(t, e) / chosenSum : routing.probs(t, e);
        }
    }
}

void SoftmaxTopKRouter::weightBackward(const Routing& routing, const Matrix& dWeight,
                                       Matrix& dLogits) const {
    const int k = routing.k;
    for (int t = 0; t < routing.samples; ++t) {
        if (renormalizes()) {
            // Renormalised weights are a softmax over the chosen logits alone:
            // dl_c = w_c (dw_c - sum_j w_j dw_j), and nothing for the experts not chosen.
            float chosenSum = 0.0f;
            for (int j = 0; j < k; ++j) chosenSum += routing.probs(t, routing.expertAt(t, j));
            float dot = 0.0f;
            for (int j = 0; j < k; ++j)
                dot += routing.probs(t, routing.expertAt(t, j)) / chosenSum * dWeight(t, j);
            for (int j = 0; j < k; ++j) {
                const int e = routing.expertAt(t, j);
                dLogits(t, e) += routing.probs(t, e) / chosenSum * (dWeight(t, j) - dot);
            }
        } else {
            // Raw weights w_j = p_{c_j}: dl_i = sum_j dw_j p_{c_j} (delta(i, c_j) - p_i).
            float dot = 0.0f;
            for (int j = 0; j < k; ++j) {
                const int e = routing.expertAt(t, j);
                dot += dWeight(t, j) * routing.probs(t, e);
                dLogits(t, e) += dWeight(t, j) * routing.probs(t, e);
            }
            dLogits.row(t) -= dot * routing.probs.row(t);
        }
    }
}

}  // namespace moe
