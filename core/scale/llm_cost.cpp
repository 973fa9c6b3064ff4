#include "core/scale/llm_cost.h"

#include <algorithm>
#include <cassert>

namespace moe {
namespace {

/// Weights (no biases) and extra parameters (biases, sinks) of one layer's attention, and
/// the widths its context products work on.
struct AttentionShape {
    double projectionWeights = 0.0;
    double extraParams = 0.0;
    double normParams = 0.0;   ///< query/key norms, MLA's low-rank norms
    double qkWidth = 0.0;      ///< per head
    double vWidth = 0.0;       ///< per head
    double cachePerToken = 0.0;
};

AttentionShape attentionShape(const LlmConfig& c) {
    const AttentionConfig& a = c.attention;
    const double d = c.hidden;
    const double h = a.heads;
    AttentionShape s;
    if (a.kind == AttentionKind::Grouped) {
        const double q = h * a.headDim;
        const double kv = static_cast<double>(a.kvHeads) * a.headDim;
        s.projectionWeights = d * q + 2.0 * d * kv + q * d;
        if (a.bias) s.extraParams += q + 2.0 * kv + d;
        if (a.sinks) s.extraParams += h;
        if (a.qkNorm == QkNorm::PerHead) s.normParams = 2.0 * a.headDim;
        if (a.qkNorm == QkNorm::Full) s.normParams = q + kv;
        s.qkWidth = a.headDim;
        s.vWidth = a.headDim;
        s.cachePerToken = 2.0 * kv;
        return s;
    }
    const double qk = static_cast<double>(a.qkNopeHeadDim) + a.qkRopeHeadDim;
    const double queries = a.qLoraRank > 0
                               ? d * a.qLoraRank + static_cast<double>(a.qLoraRank) * h * qk
                               : d * h * qk;
    const double kvDown = d * (static_cast<double>(a.kvLoraRank) + a.qkRopeHeadDim);
    const double kvUp = a.kvLoraRank * h * (static_cast<double>(a.qkNopeHeadDim) + a.vHeadDim);
    s.projectionWeights = queries + kvDown + kvUp + h * a.vHeadDim * d;
    s.normParams = static_cast<double>(a.qLoraRank) + a.kvLoraRank;
    s.qkWidth = qk;
    s.vWidth = a.vHeadDim;
    s.cachePerToken = static_cast<double>(a.kvLoraRank) + a.qkRopeHeadDim;
    return s;
}

/// Positions a token attends to: all `keys`, or at most the window.
double visible(double keys, int window) { return window > 0 ? std::min(keys, double(window)) : keys; }

/// Mean over a prompt of `n` tokens of the positions token i (1..n) attends to.
double meanPrefillKeys(int n, int window) {
    const double N = n;
    if (window <= 0 || window >= n) return (N + 1.0) / 2.0;
    const double W = window;
    return (W * (W + 1.0) / 2.0 + (N - W) * W) / N;
}

/// Parameters of one FFN of width `width` (gated: three matrices), with biases when asked.
double ffnParams(const LlmConfig& c, double width, bool bias) {
    const double matrices = c.gatedFfn ? 3.0 : 2.0;
    double p = matrices * c.hidden * width;
    if (bias) p += (matrices - 1.0) * width + c.hidden;
    return p;
}

double ffnFlops(const LlmConfig& c, double width) {
    return 2.0 * (c.gatedFfn ? 3.0 : 2.0) * c.hidden * width;
}

DenseBaselineCost baseline(const LlmCost& cost, double routedFactor, double params) {
    // The dense FFN replaces router + routed + shared; its routed part costs routedFactor
    // times the routed FLOPs of the MoE, the shared part what the shared experts cost.
    const auto flops = [&](const TokenFlops& f) {
        return f.total() - f.router - f.combine - f.routedExperts + routedFactor * f.routedExperts;
    };
    return {params, flops(cost.prefill), flops(cost.decode)};
}

}  // namespace

LlmCost computeLlmCost(const LlmConfig& c, int context) {
    assert(validateLlmConfig(c).ok() && context >= 1);
    const double d = c.hidden;
    const double L = c.layers;
    const double moeLayers = c.moeLayers();
    const double denseLayers = c.denseLayers;
    const MoeFfnConfig& m = c.moe;
    const AttentionShape att = attentionShape(c);

    LlmCost cost;
    cost.context = context;
    PartCounts& p = cost.paramsTotal;
    p[LlmPart::Embedding] = static_cast<double>(c.vocab) * d;
    p[LlmPart::Unembedding] = c.tiedEmbeddings ? 0.0 : static_cast<double>(c.vocab) * d;
    p[LlmPart::Attention] = L * (att.projectionWeights + att.extraParams);
    p[LlmPart::Router] = moeLayers * (d * m.experts + (m.routerBias ? m.experts : 0));
    const double expert = ffnParams(c, m.intermediate, m.expertBias);
    p[LlmPart::RoutedExperts] = moeLayers * m.experts * expert;
    p[LlmPart::SharedExperts] =
        moeLayers * m.sharedExperts * ffnParams(c, m.sharedIntermediate, m.expertBias);
    p[LlmPart::DenseFfn] = denseLayers * ffnParams(c, c.denseIntermediate, false);
    const double layerNorm = c.normBias ? 2.0 * d : d;
    p[LlmPart::Norms] = L * (2.0 * layerNorm + att.normParams) + layerNorm;

    cost.paramsActive = p;
    cost.paramsActive[LlmPart::RoutedExperts] = moeLayers * m.topK * expert;

    // Attention's context term, layer by layer: full layers see every position, sliding
    // layers at most their window.
    const AttentionConfig& a = c.attention;
    const double fullLayers = L - a.slidingLayers;
    const double perKey = 2.0 * a.heads * (att.qkWidth + att.vWidth);
    const double decodeKeys =
        fullLayers * context + a.slidingLayers * visible(context, a.slidingWindow);
    const double prefillKeys = fullLayers * meanPrefillKeys(context, 0) +
                               a.slidingLayers * meanPrefillKeys(context, a.slidingWindow);
    cost.kvCacheValues = att.cachePerToken * decodeKeys;

    TokenFlops f;
    f.attentionProjections = 2.0 * L * att.projectionWeights;
    f.router = 2.0 * moeLayers * d * m.experts;
    cost.flopsPerExpertAssignment = ffnFlops(c, m.intermediate);
    f.routedExperts = moeLayers * m.topK * cost.flopsPerExpertAssignment;
    f.sharedExperts = moeLayers * m.sharedExperts * ffnFlops(c, m.sharedIntermediate);
    f.denseFfn = denseLayers * ffnFlops(c, c.denseIntermediate);
    f.combine = 2.0 * moeLayers * m.topK * d;
    f.unembedding = 2.0 * static_cast<double>(c.vocab) * d;
    cost.prefill = f;
    cost.prefill.attentionContext = perKey * prefillKeys;
    cost.decode = f;
    cost.decode.attentionContext = perKey * decodeKeys;

    const double router = p[LlmPart::Router];
    cost.denseEqualParams = baseline(cost, double(m.experts) / m.topK, p.total() - router);
    cost.denseEqualCompute = baseline(cost, 1.0, cost.paramsActive.total() - router);
    return cost;
}

}  // namespace moe
