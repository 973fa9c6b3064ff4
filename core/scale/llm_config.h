#pragma once
// Intended usage: the architecture of a transformer MoE language model, as far as its cost
// depends on it - the shape of a published model (a preset) or one a user writes down. A
// config is filled from JSON (llm_config_json.h) or by hand, then checked once with
// validateLlmConfig() before any cost is computed from it (llm_cost.h).
//
//   LlmConfig c;  c.hidden = 4096;  c.layers = 32;  ...
//   if (Status s = validateLlmConfig(c); !s) return fail(s.error());  // "moe.top_k: ..."
//   LlmCost cost = computeLlmCost(c, 4096);
//
// The model: token embedding (vocab x hidden), `layers` decoder layers, each a pre-norm
// attention block and a pre-norm feed-forward block, then a final norm and the unembedding
// (hidden x vocab; the same matrix as the embedding when tied). The first `denseLayers`
// layers have a dense FFN of width `denseIntermediate`; the others are MoE layers with
// `experts` routed experts of width `intermediate` (top_k chosen per token), `sharedExperts`
// always-on experts of width `sharedIntermediate`, and a router hidden x experts.

#include "core/util/result.h"

#include <cstdint>
#include <string>

namespace moe {

/// Limits on every width (hidden, head and FFN sizes, vocab) and every count (layers, heads,
/// experts): generous - the largest published models are far inside them - and every
/// product the cost model forms stays exact in a double.
inline constexpr int kLlmMaxWidth = 10'000'000;
inline constexpr int kLlmMaxCount = 100'000;

enum class AttentionKind {
    Grouped,  ///< multi-head (kvHeads = heads) or grouped-query attention
    Latent,   ///< DeepSeek's multi-head latent attention (MLA)
};

enum class QkNorm {
    None,
    PerHead,  ///< one norm of width head_dim for queries and one for keys (Qwen3)
    Full,     ///< one norm over all query heads and one over all key heads (OLMoE)
};

struct AttentionConfig {
    AttentionKind kind = AttentionKind::Grouped;
    int heads = 0;
    // Grouped-query attention.
    int kvHeads = 0;
    int headDim = 0;
    bool bias = false;    ///< biases on the q, k, v and output projections (gpt-oss)
    bool sinks = false;   ///< one learned sink logit per head (gpt-oss)
    QkNorm qkNorm = QkNorm::None;
    // Multi-head latent attention (DeepSeek-V2/V3). qLoraRank 0: queries projected directly.
    int qLoraRank = 0;
    int kvLoraRank = 0;
    int qkNopeHeadDim = 0;
    int qkRopeHeadDim = 0;
    int vHeadDim = 0;
    // Banded (sliding-window) attention on `slidingLayers` of the layers; 0 = none.
    int slidingWindow = 0;
    int slidingLayers = 0;
};

struct MoeFfnConfig {
    int experts = 0;            ///< routed experts per MoE layer
    int topK = 0;               ///< routed experts chosen per token
    int intermediate = 0;       ///< FFN width of one routed expert
    int sharedExperts = 0;      ///< always-on experts per MoE layer
    int sharedIntermediate = 0; ///< FFN width of one shared expert
    bool expertBias = false;    ///< biases in the experts' projections (gpt-oss)
    bool routerBias = false;    ///< a per-expert router bias (gpt-oss; DeepSeek-V3's correction bias)
};

struct LlmConfig {
    std::string name;    ///< "mixtral-8x7b"; free text for a user's own config
    std::string source;  ///< where the numbers come from
    int hidden = 0;
    int layers = 0;
    int vocab = 0;
    bool tiedEmbeddings = false;
    bool normBias = false;  ///< LayerNorm with a bias (2 hidden parameters) instead of RMSNorm
    bool gatedFfn = true;   ///< SwiGLU-style: gate, up and down matrices; false: up and down
    AttentionConfig attention;
    int denseLayers = 0;        ///< leading layers with a dense FFN
    int denseIntermediate = 0;  ///< their FFN width
    MoeFfnConfig moe;

    int moeLayers() const { return layers - denseLayers; }
};

/// Checks every size; the error names the field by its JSON path ("moe.top_k: cannot
/// exceed moe.experts (8), got 9").
Status validateLlmConfig(const LlmConfig& config);

}  // namespace moe
