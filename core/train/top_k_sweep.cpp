#include "core/train/top_k_sweep.h"

#include "core/train/evaluate.h"

#include <cassert>

namespace moe {

bool topKSweepApplies(RouterKind router) {
    switch (router) {
    case RouterKind::SoftmaxTopK:
    case RouterKind::NoisyTopK:
    case RouterKind::SigmoidBias:
    case RouterKind::Hash:
        return true;
    case RouterKind::Dense:
    case RouterKind::Switch:
    case RouterKind::ExpertChoice:
    case RouterKind::TopP:
        return false;
    }
    return false;
}

std::unique_ptr<MoeNetwork> withTopK(const MoeNetwork& model, int k) {
    ModelConfig config = model.config();
    assert(topKSweepApplies(config.router));
    assert(k >= 1 && k <= config.experts);
    config.topK = k;
    // The router's k only sets how many places a sample has: no parameter depends on it,
    // so the rebuilt network has the same parameters and buffers, in the same order.
    std::unique_ptr<MoeNetwork> source = model.clone();
    std::unique_ptr<MoeNetwork> target = makeMoeNetwork(config, model.inputs(), model.outputs(), {});
    const std::vector<Parameter> from = source->parameters();
    const std::vector<Parameter> to = target->parameters();
    assert(from.size() == to.size());
    for (std::size_t i = 0; i < from.size(); ++i) {
        assert(from[i].name == to[i].name);
        *to[i].value = *from[i].value;
    }
    const std::vector<Buffer> fromBuffers = source->buffers();
    const std::vector<Buffer> toBuffers = target->buffers();
    assert(fromBuffers.size() == toBuffers.size());
    for (std::size_t i = 0; i < fromBuffers.size(); ++i) *toBuffers[i].value = *fromBuffers[i].value;
    // Auxiliary weights play no part in inference, but keep the copy faithful.
    for (int l = 0; l < target->moeLayerCount(); ++l)
        target->moeLayer(l).setAuxWeights(model.moeLayer(l).auxWeights());
    return target;
}

TopKPoint evaluateAtTopK(const MoeNetwork& model, int k, const Dataset& data, const TargetScaler& targetScaler) {
    std::unique_ptr<MoeNetwork> network = withTopK(model, k);
    TopKPoint point;
    point.k = k;
    point.metrics = evaluateModel(*network, data, targetScaler);
    point.cost = network->cost();
    return point;
}

std::vector<TopKPoint> sweepTopK(const MoeNetwork& model, const Dataset& data, const TargetScaler& targetScaler) {
    std::vector<TopKPoint> points;
    if (!topKSweepApplies(model.config().router)) return points;
    const int experts = model.config().experts;
    points.reserve(static_cast<std::size_t>(experts));
    for (int k = 1; k <= experts; ++k) points.push_back(evaluateAtTopK(model, k, data, targetScaler));
    return points;
}

}  // namespace moe
