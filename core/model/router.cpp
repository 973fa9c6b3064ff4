#include "core/model/router.h"

#include "core/model/aux_losses.h"
#include "core/model/dense_router.h"
#include "core/model/expert_choice_router.h"
#include "core/model/hash_router.h"
#include "core/model/noisy_topk_router.h"
#include "core/model/sigmoid_bias_router.h"
#include "core/model/softmax_topk_router.h"
#include "core/model/switch_router.h"
#include "core/model/top_p_router.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {

int Routing::assignments() const {
    return static_cast<int>(std::count_if(expert.begin(), expert.end(), [](int e) { return e >= 0; }));
}

int Routing::keptAssignments() const {
    return static_cast<int>(std::count(kept.begin(), kept.end(), static_cast<unsigned char>(1)));
}

Router::Router(const ModelConfig& config, int inputs)
    : m_gate(inputs, config.experts),
      m_config(config),
      m_experts(config.experts),
      m_k(config.topK),
      m_groups(config.groups) {
    if (m_groups > 1) m_groupGate = Linear(inputs, m_groups);
}

void Router::initialize(Rng& rng) {
    m_gate.initialize(rng, std::nullopt);
    if (m_groups > 1) m_groupGate.initialize(rng, std::nullopt);
    m_noiseRng.seed(rng());
}

void Router::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    m_gate.collectParameters(prefix + ".gate", out);
    if (m_groups > 1) m_groupGate.collectParameters(prefix + ".group_gate", out);
}

void Router::score(const Matrix& X, Phase phase, Routing& routing) {
    (void)phase;
    m_gate.forward(X, routing.logits);
    if (m_groups == 1) {
        softmaxRows(routing.logits, routing.probs);
        return;
    }
    Matrix groupLogits;
    m_groupGate.forward(X, groupLogits);
    softmaxRows(groupLogits, m_groupProbs);
    const int perGroup = m_experts / m_groups;
    const auto T = routing.logits.rows();
    m_withinProbs.resize(T, m_experts);
    for (int g = 0; g < m_groups; ++g) {
        Matrix within;
        softmaxRows(routing.logits.middleCols(g * perGroup, perGroup), within);
        m_withinProbs.middleCols(g * perGroup, perGroup) = within;
    }
    routing.probs.resize(T, m_experts);
    for (int e = 0; e < m_experts; ++e)
        routing.probs.col(e) = m_withinProbs.col(e).cwiseProduct(m_groupProbs.col(e / perGroup));
}

void Router::probsBackward(const Routing& routing, const Matrix& dProbs, Matrix& dLogits) {
    if (m_groups == 1) {
        softmaxBackwardAdd(routing.probs, dProbs, dLogits);
        return;
    }
    // p_e = a_g b_e: d/db_e = dp_e a_g (a softmax within the group), d/da_g = sum_e dp_e b_e.
    const int perGroup = m_experts / m_groups;
    const auto T = dProbs.rows();
    Matrix dWithin(T, m_experts), dGroup = Matrix::Zero(T, m_groups);
    for (int e = 0; e < m_experts; ++e) {
        dWithin.col(e) = dProbs.col(e).cwiseProduct(m_groupProbs.col(e / perGroup));
        dGroup.col(e / perGroup) += dProbs.col(e).cwiseProduct(m_withinProbs.col(e));
    }
    for (int g = 0; g < m_groups; ++g) {
        Matrix part = Matrix::Zero(T, perGroup);
        softmaxBackwardAdd(m_withinProbs.middleCols(g * perGroup, perGroup),
                           dWithin.middleCols(g * perGroup, perGroup), part);
        dLogits.middleCols(g * perGroup, perGroup) += part;
    }
    softmaxBackwardAdd(m_groupProbs, dGroup, m_dGroupLogits);
}

void Router::scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) {
    m_gate.backward(X, dLogits, dX);
    if (m_groups > 1) {
        Matrix dXGroup;
        m_groupGate.backward(X, m_dGroupLogits, dX ? &dXGroup : nullptr);
        if (dX) *dX += dXGroup;
    }
}

void Router::route(const Matrix& X, Phase phase, Routing& routing, const AuxLossWeights& aux,
                   const Matrix* hashKey) {
    const int T = static_cast<int>(X.rows());
    routing.samples = T;
    routing.experts = m_experts;
    routing.places = places();
    score(X, phase, routing);
    routing.expert.assign(static_cast<std::size_t>(T) * routing.places, -1);
    routing.weight.setZero(T, routing.places);
    routing.capacity = 0;
    select(routing, phase, hashKey ? *hashKey : X);

    routing.countsBefore.assign(static_cast<std::size_t>(m_experts), 0);
    routing.kept.assign(routing.expert.size(), 0);
    for (std::size_t s = 0; s < routing.expert.size(); ++s) {
        if (routing.expert[s] < 0) continue;
        ++routing.countsBefore[static_cast<std::size_t>(routing.expert[s])];
        routing.kept[s] = 1;
    }
    m_preDropWeight = routing.weight;
    applyCapacity(routing, phase);
    assignPositions(routing);

    m_aux = {};
    if (phase == Phase::Training && T > 0) {
        if (aux.balance > 0.0)
            m_aux.balance = aux.balance * loadBalancingLoss(routing.probs, routing.countsBefore);
        if (aux.z > 0.0) m_aux.z = aux.z * routerZLoss(routing.logits);
        extraAuxLoss(routing, aux);
    }
}

void Router::applyCapacity(Routing& routing, Phase phase) const {
    const double factor = phase == Phase::Training ? m_config.capacityFactor : m_config.inferenceCapacityFactor();
    if (!usesCapacity()) return;  // the router set its own capacity
    routing.capacity = 0;
    if (factor <= 0.0) return;
    const int T = routing.samples;
    const int S = routing.places;
    // C = ceil(factor * T * k / E); T * k generalises to the assignments actually made, so
    // the same rule serves routers with a varying number of experts per sample.
    routing.capacity = static_cast<int>(std::ceil(factor * routing.assignments() / m_experts));
    std::vector<int> filled(static_cast<std::size_t>(m_experts), 0);
    auto offer = [&](int t, int j) {
        const std::size_t s = routing.index(t, j);
        if (routing.expert[s] < 0) return;
        int& fill = filled[static_cast<std::size_t>(routing.expert[s])];
        if (fill < routing.capacity) ++fill;
        else routing.kept[s] = 0;
    };
    switch (m_config.capacityPolicy) {
        case CapacityPolicy::ChoiceMajor:  // GShard, Tutel: all first choices, then all second...
            for (int j = 0; j < S; ++j)
                for (int t = 0; t < T; ++t) offer(t, j);
            break;
        case CapacityPolicy::SampleMajor:  // DeepSpeed "position": sample by sample
            for (int t = 0; t < T; ++t)
                for (int j = 0; j < S; ++j) offer(t, j);
            break;
        case CapacityPolicy::Probs: {      // DeepSpeed, Megatron: each expert keeps its C best
            std::vector<std::vector<std::pair<float, std::size_t>>> candidates(static_cast<std::size_t>(m_experts));
            for (int t = 0; t < T; ++t)
                for (int j = 0; j < S; ++j)
                    if (routing.assignedAt(t, j))
                        candidates[static_cast<std::size_t>(routing.expertAt(t, j))].push_back(
                            {assignmentScore(routing, t, routing.expertAt(t, j)), routing.index(t, j)});
            for (auto& list : candidates) {
                if (static_cast<int>(list.size()) <= routing.capacity) continue;
                // Higher score first; ties go to the earlier sample.
                std::stable_sort(list.begin(), list.end(),
                                 [](const auto& a, const auto& b) { return a.first > b.first; });
                for (std::size_t i = static_cast<std::size_t>(routing.capacity); i < list.size(); ++i)
                    routing.kept[list[i].second] = 0;
            }
            break;
        }
    }
    for (std::size_t s = 0; s < routing.kept.size(); ++s)
        if (!routing.kept[s]) routing.weight(static_cast<Eigen::Index>(s) / S, static_cast<Eigen::Index>(s) % S) = 0.0f;
    if (m_config.renormalizeAfterDrop) {
        for (int t = 0; t < T; ++t) {
            const float sum = routing.weight.row(t).sum();
            if (sum > 0.0f) routing.weight.row(t) /= sum;
        }
    }
}

void Router::assignPositions(Routing& routing) const {
    // An expert's buffer rows: in the order its slots were filled under the overflow policy
    // ("probs" fills in sample order), so that row r of expert e is its slot r.
    const int T = routing.samples;
    const int S = routing.places;
    routing.position.assign(routing.expert.size(), -1);
    routing.countsAfter.assign(static_cast<std::size_t>(m_experts), 0);
    auto place = [&](int t, int j) {
        const std::size_t s = routing.index(t, j);
        if (!routing.kept[s]) return;
        routing.position[s] = routing.countsAfter[static_cast<std::size_t>(routing.expert[s])]++;
    };
    const bool sampleOrder = routing.capacity == 0 || m_config.capacityPolicy != CapacityPolicy::ChoiceMajor;
    if (sampleOrder) {
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < S; ++j) place(t, j);
    } else {
        for (int j = 0; j < S; ++j)
            for (int t = 0; t < T; ++t) place(t, j);
    }
}

void Router::backward(const Matrix& X, const Routing& routing, const Matrix& dWeight,
                      const AuxLossWeights& aux, Matrix* dX) {
    const auto T = routing.logits.rows();
    const auto E = routing.logits.cols();
    m_dLogits.setZero(T, E);
    if (m_groups > 1) m_dGroupLogits.setZero(T, m_groups);
    m_dWeight = dWeight;
    for (std::size_t s = 0; s < routing.kept.size(); ++s)
        if (!routing.kept[s]) m_dWeight(static_cast<Eigen::Index>(s) / routing.places, static_cast<Eigen::Index>(s) % routing.places) = 0.0f;
    if (m_config.renormalizeAfterDrop && routing.capacity > 0) {
        // w' = w / sum(kept w): dw = (dw' - sum_j w'_j dw'_j) / sum, on the kept slots.
        for (Eigen::Index t = 0; t < T; ++t) {
            float sum = 0.0f;
            for (int j = 0; j < routing.places; ++j)
                if (routing.keptAt(static_cast<int>(t), j)) sum += m_preDropWeight(t, j);
            if (sum <= 0.0f) continue;
            const float dot = routing.weight.row(t).dot(m_dWeight.row(t));
            for (int j = 0; j < routing.places; ++j)
                if (routing.keptAt(static_cast<int>(t), j)) m_dWeight(t, j) = (m_dWeight(t, j) - dot) / sum;
        }
    }
    extraAuxBackward(routing, aux, m_dWeight, m_dLogits);
    weightBackward(routing, m_dWeight, m_dLogits);
    if (aux.balance > 0.0) {
        m_dProbs.setZero(T, E);
        loadBalancingLoss(routing.probs, routing.countsBefore, aux.balance, &m_dProbs);
        probsBackward(routing, m_dProbs, m_dLogits);
    }
    if (aux.z > 0.0) routerZLoss(routing.logits, aux.z, &m_dLogits);
    scoreBackward(X, m_dLogits, dX);
}

void Router::rawWeightsToProbs(const Routing& routing, const Matrix& dWeight, Matrix& dProbs) {
    for (int t = 0; t < routing.samples; ++t)
        for (int j = 0; j < routing.places; ++j)
            if (routing.assignedAt(t, j)) dProbs(t, routing.expertAt(t, j)) += dWeight(t, j);
}

void Router::renormalizedWeightsToProbs(const Routing& routing, const Matrix& dWeight, Matrix& dProbs) {
    // w_j = p_j / S over the assigned experts: dp_j = (dw_j - sum_m w_m dw_m) / S.
    for (int t = 0; t < routing.samples; ++t) {
        float sum = 0.0f;
        for (int j = 0; j < routing.places; ++j)
            if (routing.assignedAt(t, j)) sum += routing.probs(t, routing.expertAt(t, j));
        float dot = 0.0f;
        for (int j = 0; j < routing.places; ++j)
            if (routing.assignedAt(t, j)) dot += routing.probs(t, routing.expertAt(t, j)) / sum * dWeight(t, j);
        for (int j = 0; j < routing.places; ++j)
            if (routing.assignedAt(t, j)) dProbs(t, routing.expertAt(t, j)) += (dWeight(t, j) - dot) / sum;
    }
}

std::unique_ptr<Router> makeRouter(const ModelConfig& config, int inputs) {
    switch (config.router) {
        case RouterKind::Dense: return std::make_unique<DenseRouter>(config, inputs);
        case RouterKind::SoftmaxTopK: return std::make_unique<SoftmaxTopKRouter>(config, inputs);
        case RouterKind::Switch: return std::make_unique<SwitchRouter>(config, inputs);
        case RouterKind::NoisyTopK: return std::make_unique<NoisyTopKRouter>(config, inputs);
        case RouterKind::ExpertChoice: return std::make_unique<ExpertChoiceRouter>(config, inputs);
        case RouterKind::TopP: return std::make_unique<TopPRouter>(config, inputs);
        case RouterKind::SigmoidBias: return std::make_unique<SigmoidBiasRouter>(config, inputs);
        case RouterKind::Hash: return std::make_unique<HashRouter>(config, inputs);
    }
    return nullptr;
}

}  // namespace moe
