#include "core/scale/llm_config.h"

#include <string>

namespace moe {
namespace {

constexpr int kMaxWidth = kLlmMaxWidth;
constexpr int kMaxCount = kLlmMaxCount;

std::string between(const char* field, int value, int min, int max) {
    if (value >= min && value <= max) return {};
    return std::string(field) + ": must be between " + std::to_string(min) + " and " +
           std::to_string(max) + ", got " + std::to_string(value);
}

std::string checkGrouped(const AttentionConfig& a) {
    for (const std::string& e : {between("attention.kv_heads", a.kvHeads, 1, kMaxCount),
                                 between("attention.head_dim", a.headDim, 1, kMaxWidth)})
        if (!e.empty()) return e;
    if (a.heads % a.kvHeads != 0)
        return "attention.kv_heads: must divide attention.heads (" + std::to_string(a.heads) +
               "), got " + std::to_string(a.kvHeads);
    return {};
}

std::string checkLatent(const AttentionConfig& a) {
    for (const std::string& e : {between("attention.q_lora_rank", a.qLoraRank, 0, kMaxWidth),
                                 between("attention.kv_lora_rank", a.kvLoraRank, 1, kMaxWidth),
                                 between("attention.qk_nope_head_dim", a.qkNopeHeadDim, 0, kMaxWidth),
                                 between("attention.qk_rope_head_dim", a.qkRopeHeadDim, 0, kMaxWidth),
                                 between("attention.v_head_dim", a.vHeadDim, 1, kMaxWidth)})
        if (!e.empty()) return e;
    if (a.qkNopeHeadDim + a.qkRopeHeadDim < 1)
        return "attention.qk_nope_head_dim: the query/key head (nope + rope) must be at least 1 wide";
    // The options below belong to grouped attention; latent attention has its own norms.
    if (a.bias) return "attention.bias: only for grouped attention";
    if (a.sinks) return "attention.sinks: only for grouped attention";
    if (a.qkNorm != QkNorm::None) return "attention.qk_norm: only for grouped attention";
    return {};
}

std::string checkAttention(const LlmConfig& c) {
    const AttentionConfig& a = c.attention;
    if (std::string e = between("attention.heads", a.heads, 1, kMaxCount); !e.empty()) return e;
    std::string e = a.kind == AttentionKind::Grouped ? checkGrouped(a) : checkLatent(a);
    if (!e.empty()) return e;
    if (e = between("attention.sliding_layers", a.slidingLayers, 0, c.layers); !e.empty()) return e;
    if (a.slidingLayers > 0)
        return between("attention.sliding_window", a.slidingWindow, 1, kMaxWidth);
    return between("attention.sliding_window", a.slidingWindow, 0, kMaxWidth);
}

std::string checkMoe(const LlmConfig& c) {
    const MoeFfnConfig& m = c.moe;
    for (const std::string& e : {between("moe.experts", m.experts, 1, kMaxCount),
                                 between("moe.top_k", m.topK, 1, kMaxCount),
                                 between("moe.intermediate", m.intermediate, 1, kMaxWidth),
                                 between("moe.shared_experts", m.sharedExperts, 0, kMaxCount)})
        if (!e.empty()) return e;
    if (m.topK > m.experts)
        return "moe.top_k: cannot exceed moe.experts (" + std::to_string(m.experts) + "), got " +
               std::to_string(m.topK);
    if (m.sharedExperts > 0)
        return between("moe.shared_intermediate", m.sharedIntermediate, 1, kMaxWidth);
    return between("moe.shared_intermediate", m.sharedIntermediate, 0, kMaxWidth);
}

std::string check(const LlmConfig& c) {
    for (const std::string& e : {between("hidden", c.hidden, 1, kMaxWidth),
                                 between("layers", c.layers, 1, kMaxCount),
                                 between("vocab", c.vocab, 1, kMaxWidth)})
        if (!e.empty()) return e;
    if (c.denseLayers < 0 || c.denseLayers >= c.layers)
        return "dense_layers: must be between 0 and layers - 1 (" + std::to_string(c.layers - 1) +
               ": at least one MoE layer), got " + std::to_string(c.denseLayers);
    if (c.denseLayers > 0) {
        if (std::string e = between("dense_intermediate", c.denseIntermediate, 1, kMaxWidth); !e.empty())
            return e;
    } else if (std::string e = between("dense_intermediate", c.denseIntermediate, 0, kMaxWidth); !e.empty()) {
        return e;
    }
    if (std::string e = checkAttention(c); !e.empty()) return e;
    return checkMoe(c);
}

}  // namespace

Status validateLlmConfig(const LlmConfig& config) {
    if (std::string e = check(config); !e.empty()) return Error{e};
    return {};
}

}  // namespace moe
