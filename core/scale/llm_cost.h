#pragma once
// Intended usage: what a transformer MoE language model costs - parameters (total and
// active per token) by part, forward FLOPs per token for prefill and for decoding at a
// context length, the memory of its weights at a dtype, its KV cache, and the two dense
// baselines the app always shows. The formulas are those of docs/moe-definitions.md,
// section "Cost of MoE language models".
//
//   LlmCost c = computeLlmCost(config, 4096);      // config passed validateLlmConfig()
//   double total = c.paramsTotal.total();          // 46.7e9 for mixtral-8x7b
//   double saving = c.savingVsDenseParams();       // 1 - decode FLOPs / dense-equal-params
//
// Conventions: a multiply-add is 2 FLOPs; FLOPs count the matrix products and attention's
// score and value products (norms, activations, softmax, rotary embedding and biases are
// left out); the embedding lookup costs nothing, the unembedding 2 hidden vocab. Active
// parameters are every parameter a token's forward pass uses: all but the routed experts
// not chosen (the whole embedding table included, as most publishers count).

#include "core/scale/llm_config.h"
#include "core/scale/llm_part.h"
#include "core/scale/weight_dtype.h"

namespace moe {

/// Forward FLOPs of one token, by where they are spent.
struct TokenFlops {
    double attentionProjections = 0.0;  ///< q, k, v, output (and MLA's low-rank) projections
    double attentionContext = 0.0;      ///< scores q.k and the weighted sum of v over the context
    double router = 0.0;
    double routedExperts = 0.0;
    double sharedExperts = 0.0;
    double denseFfn = 0.0;
    double combine = 0.0;               ///< weighting and summing the top_k expert outputs
    double unembedding = 0.0;

    double total() const {
        return attentionProjections + attentionContext + router + routedExperts + sharedExperts +
               denseFfn + combine + unembedding;
    }
};

/// One of the two dense baselines: the same network with every MoE FFN replaced by one
/// dense FFN (no router): of width experts * intermediate + shared (equal parameters) or
/// top_k * intermediate + shared (equal compute). Every parameter is active.
struct DenseBaselineCost {
    double params = 0.0;
    double prefillFlopsPerToken = 0.0;
    double decodeFlopsPerToken = 0.0;
};

struct LlmCost {
    int context = 0;            ///< the context length the FLOPs are for
    PartCounts paramsTotal;
    PartCounts paramsActive;    ///< per token
    /// Per token, averaged over a prompt of `context` tokens processed at once (token i
    /// attends to i positions, or to the window on sliding layers).
    TokenFlops prefill;
    /// Per generated token whose attention reads `context` positions (itself included).
    TokenFlops decode;
    /// Values the KV cache holds for one sequence of `context` tokens (all layers): K and V
    /// of every kv head, or MLA's compressed latent and rope key.
    double kvCacheValues = 0.0;
    DenseBaselineCost denseEqualParams;
    DenseBaselineCost denseEqualCompute;
    /// FLOPs of one routed expert on one token (the unit of expert-parallel work).
    double flopsPerExpertAssignment = 0.0;

    double weightsBytes(WeightDtype dtype) const { return paramsTotal.total() * bytesPerValue(dtype); }
    double kvCacheBytes(WeightDtype dtype) const { return kvCacheValues * bytesPerValue(dtype); }
    /// 1 - decode FLOPs of the MoE / decode FLOPs of the dense model of equal parameters.
    double savingVsDenseParams() const {
        return 1.0 - decode.total() / denseEqualParams.decodeFlopsPerToken;
    }
};

/// The cost of `config` (which must have passed validateLlmConfig()) at `context` >= 1.
LlmCost computeLlmCost(const LlmConfig& config, int context);

}  // namespace moe
