#include "core/teach/routing_derivation.h"

#include "core/model/aux_losses.h"
#include "core/model/block_moe_model.h"
#include "core/model/noisy_topk_router.h"
#include "core/model/sigmoid_bias_router.h"
#include "core/model/top_k.h"
#include "core/train/trained_model.h"

#include <algorithm>
#include <cmath>

namespace moe {
namespace {

std::vector<float> rowOf(const Matrix& M, Eigen::Index row) {
    std::vector<float> v(static_cast<std::size_t>(M.cols()));
    for (Eigen::Index c = 0; c < M.cols(); ++c) v[static_cast<std::size_t>(c)] = M(row, c);
    return v;
}

template <class RowExpr>
std::vector<float> toVector(const RowExpr& r) {
    std::vector<float> v(static_cast<std::size_t>(r.size()));
    for (Eigen::Index c = 0; c < r.size(); ++c) v[static_cast<std::size_t>(c)] = r(c);
    return v;
}

// The noise scale of noisy top-k, as its router computes it (used in training only).
float softplus(float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); }
constexpr float kMinNoiseScale = 1e-2f;

/// The score the router's selection ranks, per expert (empty for hash).
std::vector<float> selectionScores(const LayerDerivation& l, RouterKind router) {
    switch (router) {
        case RouterKind::Hash: return {};
        case RouterKind::NoisyTopK: return l.logits;  // H = l: no noise at inference
        case RouterKind::SigmoidBias: {
            std::vector<float> v(l.sigmoid.size());
            for (std::size_t e = 0; e < v.size(); ++e) v[e] = l.sigmoid[e] + l.bias[e];
            return v;
        }
        default: return l.probs;
    }
}

/// The combine weight the router's rule gives each assigned expert, before capacity.
void ruleWeights(LayerDerivation& l, RouterKind router, bool renormalize) {
    float pSum = 0.0f, sSum = 0.0f;
    for (const ExpertTerm& t : l.chosen) {
        pSum += l.probs[static_cast<std::size_t>(t.expert)];
        if (!l.sigmoid.empty()) sSum += l.sigmoid[static_cast<std::size_t>(t.expert)];
    }
    for (ExpertTerm& t : l.chosen) {
        const float p = l.probs[static_cast<std::size_t>(t.expert)];
        switch (router) {
            case RouterKind::SoftmaxTopK: t.ruleWeight = renormalize ? p / pSum : p; break;
            case RouterKind::NoisyTopK: t.ruleWeight = p / pSum; break;  // softmax over the kept H
            case RouterKind::SigmoidBias: t.ruleWeight = l.sigmoid[static_cast<std::size_t>(t.expert)] / sSum; break;
            case RouterKind::Hash: t.ruleWeight = 1.0f / static_cast<float>(l.chosen.size()); break;
            default: t.ruleWeight = p; break;  // dense, switch, top-p, expert choice: raw p
        }
    }
}

/// Expert choice: where the input stands in each chosen expert's column of the batch.
void expertChoicePlaces(LayerDerivation& l, const Routing& r, int row) {
    for (ExpertTerm& t : l.chosen) {
        std::vector<float> column(static_cast<std::size_t>(r.samples));
        int above = 0;
        const float mine = r.probs(row, t.expert);
        for (int s = 0; s < r.samples; ++s) {
            const float p = r.probs(s, t.expert);
            column[static_cast<std::size_t>(s)] = p;
            if (p > mine || (p == mine && s < row)) ++above;
        }
        std::sort(column.begin(), column.end(), std::greater<>());
        t.batchRank = above;
        t.cutoff = column[static_cast<std::size_t>(std::max(0, r.capacity - 1))];
    }
}

LayerDerivation deriveLayer(const MoeLayer& layer, const Matrix& layerInput, int row, const ModelConfig& config) {
    const Routing& r = layer.routing();
    const Router& router = layer.router();
    LayerDerivation l;
    l.input = rowOf(layerInput, row);
    l.gateRows = router.inputs();
    l.experts = r.experts;
    l.outputs = layer.outputs();
    l.logits = rowOf(r.logits, row);
    l.probs = rowOf(r.probs, row);
    l.capacity = r.capacity;
    l.k = config.router == RouterKind::Dense ? r.experts : config.topK;
    if (router.groups() > 1) {
        const int perGroup = r.experts / router.groups();
        l.groupProbs.assign(static_cast<std::size_t>(router.groups()), 0.0f);
        for (int e = 0; e < r.experts; ++e) l.groupProbs[static_cast<std::size_t>(e / perGroup)] += l.probs[static_cast<std::size_t>(e)];
    }
    if (const auto* sb = dynamic_cast<const SigmoidBiasRouter*>(&router)) {
        for (float v : l.logits) l.sigmoid.push_back(1.0f / (1.0f + std::exp(-v)));
        l.bias = rowOf(sb->bias(), 0);
    }
    if (const auto* noisy = dynamic_cast<const NoisyTopKRouter*>(&router)) {
        Matrix pre;
        noisy->noise().forward(layerInput.row(row), pre);
        for (Eigen::Index e = 0; e < pre.cols(); ++e) l.noiseScale.push_back(softplus(pre(0, e)) + kMinNoiseScale);
    }
    l.selectionScore = selectionScores(l, config.router);
    if (!l.selectionScore.empty()) {
        topK(l.experts, l.experts, l.ranking, [&](int e) { return l.selectionScore[static_cast<std::size_t>(e)]; });
    }

    double cumulative = 0.0;
    int used = 0;
    for (int j = 0; j < r.places; ++j) {
        if (!r.assignedAt(row, j)) continue;
        ExpertTerm t;
        t.expert = r.expertAt(row, j);
        t.rank = j;
        t.gate = r.probs(row, t.expert);
        if (!l.selectionScore.empty()) t.score = l.selectionScore[static_cast<std::size_t>(t.expert)];
        if (config.router == RouterKind::TopP) t.runningSum = cumulative += r.probs(row, t.expert);
        t.weight = r.weight(row, j);
        t.kept = r.keptAt(row, j);
        if (t.kept) {
            t.output = toVector(layer.placeOutput(row, j));
            ++used;
        }
        l.chosen.push_back(std::move(t));
    }
    ruleWeights(l, config.router, config.renormalize && config.topK > 1);
    if (config.router == RouterKind::ExpertChoice) expertChoicePlaces(l, r, row);

    // y, summed as MoeLayer::forward sums it: kept places in rank order, then shared experts.
    RowVector y = RowVector::Zero(l.outputs);
    for (int j = 0; j < r.places; ++j)
        if (r.keptAt(row, j)) y += r.weight(row, j) * layer.placeOutput(row, j);
    for (const Expert& shared : layer.sharedExperts()) {
        Expert::Cache cache;
        Matrix out;
        shared.forward(layerInput.middleRows(row, 1), cache, out);
        l.sharedOutputs.push_back(rowOf(out, 0));
        y += out.row(0);
        ++used;
    }
    l.combined = toVector(y);

    const Expert& expert = layer.experts().front();
    l.flops = router.flopsPerSample() + used * (expert.flopsPerSample() + 2.0 * l.outputs);
    return l;
}

void readPrediction(RoutingDerivation& d, const TrainedModel& tm) {
    if (tm.task == Task::Classification) {
        Matrix out(1, static_cast<Eigen::Index>(d.output.size())), p;
        for (std::size_t c = 0; c < d.output.size(); ++c) out(0, static_cast<Eigen::Index>(c)) = d.output[c];
        softmaxRows(out, p);
        d.classProbabilities = rowOf(p, 0);
        d.predictedClass = static_cast<int>(std::max_element(d.classProbabilities.begin(), d.classProbabilities.end()) -
                                            d.classProbabilities.begin());
    } else {
        d.predictedValue = tm.targetScaler.mean + tm.targetScaler.scale * d.output.front();
    }
}

}  // namespace

Result<RoutingDerivation> deriveRouting(const SampleInspector& inspector, const std::vector<float>& rawFeatures,
                                        const CostReport& cost) {
    if (Status ok = inspector.checkFeatures(rawFeatures); !ok) return Error{ok.error()};
    const TrainedModel& tm = inspector.model();
    const ModelConfig& m = tm.config.model;

    RoutingDerivation d;
    d.router = m.router;
    d.mode = m.mode;
    d.mixtureLoss = m.mixtureLoss;
    d.task = tm.task;
    d.renormalize = m.router == RouterKind::SoftmaxTopK && m.renormalize && m.topK > 1;
    d.renormalizeAfterDrop = m.renormalizeAfterDrop;
    d.topPThreshold = m.topPThreshold;
    d.expertChoiceFactor = m.expertChoiceFactor;
    d.groups = m.groups;
    d.featureNames = tm.featureNames;
    d.classNames = tm.classNames;
    d.raw = rawFeatures;
    d.mean = tm.inputScaler.mean();
    d.scale = tm.inputScaler.scale();
    d.standardised = rawFeatures;
    tm.inputScaler.applyRow(d.standardised.data());
    d.flopsMoe = cost.moe.flopsPerSample;
    d.flopsDenseEqualParams = cost.denseEqualParams.flopsPerSample;
    d.flopsDenseEqualCompute = cost.denseEqualCompute.flopsPerSample;

    const RoutedBatch batch = inspector.routedBatch(d.standardised);
    d.context = batch.context;
    d.testRow = batch.testRow;
    d.batchSamples = static_cast<int>(batch.X.rows());
    if (m.router == RouterKind::ExpertChoice && d.batchSamples == 1) {
        d.unavailable = "Expert choice is undefined for one input alone: each expert takes the C inputs of a "
                        "batch it rates highest, so an input's experts depend on the other inputs in its batch, "
                        "and this input was routed in a batch of one (the model has no evaluation batch to "
                        "route it in).";
        return d;
    }

    const std::unique_ptr<MoeNetwork> net = tm.model->clone();  // forward() writes workspaces
    const int row = static_cast<int>(batch.row);
    d.output = rowOf(net->forward(batch.X, Phase::Inference), row);
    readPrediction(d, tm);

    if (auto* block = dynamic_cast<BlockMoeModel*>(net.get())) {
        d.modelWidth = m.blockWidth();
        d.embedded = rowOf(block->blockInput(0), row);
        d.flops = block->embedding().flopsPerSample() + block->head().flopsPerSample();
        for (int l = 0; l < block->moeLayerCount(); ++l) {
            LayerDerivation layer = deriveLayer(block->moeLayer(l), block->blockInput(l), row, m);
            layer.residualOutput = rowOf(block->blockInput(l + 1), row);
            d.flops += layer.flops + d.modelWidth;  // the residual add: m FLOPs
            d.layers.push_back(std::move(layer));
        }
    } else {
        d.layers.push_back(deriveLayer(net->moeLayer(0), batch.X, row, m));
        d.flops = d.layers.front().flops;
    }
    return d;
}

}  // namespace moe
