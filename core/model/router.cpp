#include "core/model/router.h"

#include "core/model/aux_losses.h"
#include "core/model/softmax_topk_router.h"

#include <cmath>

namespace moe {

Router::Router(int inputs, int experts, int k, double capacityFactor)
    : m_gate(inputs, experts), m_k(k), m_capacityFactor(capacityFactor) {}

void Router::initialize(Rng& rng) {
    m_gate.initialize(rng, std::nullopt);
}

void Router::route(const Matrix& X, Phase phase, Routing& routing, const AuxLossWeights& aux) {
    const int T = static_cast<int>(X.rows());
    const int E = experts();
    routing.samples = T;
    routing.experts = E;
    routing.k = m_k;
    m_gate.forward(X, routing.logits);
    softmaxRows(routing.logits, routing.probs);
    routing.expert.assign(static_cast<std::size_t>(T) * m_k, 0);
    routing.weight.setZero(T, m_k);
    routing.kept.assign(static_cast<std::size_t>(T) * m_k, 1);
    select(routing);

    routing.countsBefore.assign(static_cast<std::size_t>(E), 0);
    for (int e : routing.expert) ++routing.countsBefore[static_cast<std::size_t>(e)];
    applyCapacity(routing);

    m_aux = {};
    if (phase == Phase::Training && T > 0) {
        if (aux.balance > 0.0)
            m_aux.balance = aux.balance * loadBalancingLoss(routing.probs, routing.countsBefore, m_k);
        if (aux.z > 0.0) m_aux.z = aux.z * routerZLoss(routing.logits);
    }
}

void Router::applyCapacity(Routing& routing) const {
    const int T = routing.samples;
    const int E = routing.experts;
    routing.capacity = m_capacityFactor > 0.0
                           ? static_cast<int>(std::ceil(m_capacityFactor * T * m_k / E))
                           : 0;
    if (routing.capacity > 0) {
        // "choice-major" (GShard, Tutel): all first choices in sample order, then all
        // second choices, ...; an expert's slots fill in the order it meets assignments.
        std::vector<int> filled(static_cast<std::size_t>(E), 0);
        for (int j = 0; j < m_k; ++j) {
            for (int t = 0; t < T; ++t) {
                const auto slot = static_cast<std::size_t>(t * m_k + j);
                int& fill = filled[static_cast<std::size_t>(routing.expert[slot])];
                if (fill < routing.capacity) {
                    ++fill;
                } else {
                    routing.kept[slot] = 0;
                    routing.weight(t, j) = 0.0f;  // kept weights are not renormalised again
                }
            }
        }
    }
    routing.countsAfter.assign(static_cast<std::size_t>(E), 0);
    for (std::size_t s = 0; s < routing.expert.size(); ++s)
        if (routing.kept[s]) ++routing.countsAfter[static_cast<std::size_t>(routing.expert[s])];
}

void Router::backward(const Matrix& X, const Routing& routing, const Matrix& dWeight,
                      const AuxLossWeights& aux, Matrix* dX) {
    const auto T = routing.logits.rows();
    const auto E = routing.logits.cols();
    m_dLogits.setZero(T, E);
    weightBackward(routing, dWeight, m_dLogits);
    if (aux.balance > 0.0) {
        m_dProbs.setZero(T, E);
        loadBalancingLoss(routing.probs, routing.countsBefore, m_k, aux.balance, &m_dProbs);
        softmaxBackwardAdd(routing.probs, m_dProbs, m_dLogits);
    }
    if (aux.z > 0.0) routerZLoss(routing.logits, aux.z, &m_dLogits);
    m_gate.backward(X, m_dLogits, dX);
}

void Router::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    m_gate.collectParameters(prefix + ".gate", out);
}

std::unique_ptr<Router> makeRouter(const ModelConfig& config, int inputs) {
    switch (config.router) {
        case RouterKind::SoftmaxTopK:
            return std::make_unique<SoftmaxTopKRouter>(inputs, config.experts, config.topK,
                                                       config.capacityFactor, config.renormalize);
    }
    return nullptr;
}

}  // namespace moe
