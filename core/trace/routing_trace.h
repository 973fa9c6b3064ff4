#pragma once
// Intended usage: a routing trace recorded from a real MoE model (docs/trace-format.md), as
// loaded: what the model is (TraceMeta) and, per token and MoE layer, the experts its router
// chose with their weights - or, for the count-only variant that serving engines dump, only
// the number of assignments of each expert per step and layer. A plain value of standard
// types: the reader fills it (trace_reader.h), TraceStats summarises it (trace_stats.h), a
// view may keep it.
//
//   Result<RoutingTrace> t = readTraceFile("olmoe.moe-trace.safetensors");
//   const RoutingTrace& trace = t.value();
//   for (int r = 0; r < trace.meta.topK; ++r)
//       use(trace.expertId(layer, token, r), trace.weight(layer, token, r));

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

/// How a router turns its scores (logits l over the E experts) into the chosen experts'
/// weights. The names are the format's (meta.weights).
enum class WeightRecipe {
    SoftmaxTopkRenormalised,  ///< "softmax_topk_renorm": p = softmax(l), top-k of p, divided by their sum (Mixtral, Qwen3-MoE)
    SoftmaxTopk,              ///< "softmax_topk": top-k of p = softmax(l), raw (OLMoE, Qwen1.5-MoE, DeepSeek-V2)
    TopkSoftmax,              ///< "topk_softmax": top-k of l, softmax over those k (GPT-OSS, Granite-MoE)
    SigmoidBias,              ///< "sigmoid_bias": s = sigmoid(l), top-k of s + b, s / sum s * scaling (DeepSeek-V3)
};

inline constexpr WeightRecipe kAllWeightRecipes[] = {
    WeightRecipe::SoftmaxTopkRenormalised, WeightRecipe::SoftmaxTopk, WeightRecipe::TopkSoftmax,
    WeightRecipe::SigmoidBias};

/// "softmax_topk_renorm", ...
const char* weightRecipeName(WeightRecipe recipe);
std::optional<WeightRecipe> weightRecipeFromName(std::string_view name);

/// The format's limits (docs/trace-format.md, "Limits").
inline constexpr int kMaxTraceExperts = 1024;
inline constexpr int kMaxTraceTopK = 64;
inline constexpr int kMaxTraceMoeLayers = 1024;
inline constexpr int kMaxTraceLabels = 4096;
/// experts^2 x MoE layers: the co-activation matrices of TraceStats (8 bytes an entry, 256 MiB).
inline constexpr std::uint64_t kMaxTraceExpertPairCells = std::uint64_t{1} << 25;
inline constexpr std::uint64_t kMaxTraceFileBytes = std::uint64_t{4} << 30;  ///< 4 GiB
inline constexpr std::uint64_t kMaxTraceHeaderBytes = std::uint64_t{16} << 20;  ///< 16 MiB
/// The loaded trace (RoutingTrace's arrays, from the tensors' shapes, checked before any is
/// read): small dtypes in the file widen in memory (U8 ids to 2 bytes, F16 weights to 4).
inline constexpr std::uint64_t kMaxTraceMemoryBytes = std::uint64_t{6} << 30;  ///< 6 GiB

struct TraceMeta {
    std::string model;                ///< the model's name, e.g. "allenai/OLMoE-1B-7B-0924"
    std::string source;               ///< free text: what was recorded, by what
    int experts = 0;                  ///< routed experts E per MoE layer
    int topK = 0;                     ///< experts chosen per token k
    int sharedExperts = 0;            ///< always-on experts, not in the routing
    std::vector<int> moeLayers;       ///< L indices of the MoE layers in the network, increasing
    WeightRecipe weights = WeightRecipe::SoftmaxTopkRenormalised;
    double routedScaling = 1.0;       ///< sigmoid_bias: the factor on s / sum s
    std::vector<std::string> labels;  ///< names of the token labels (domains or classes), may be empty
};

struct RoutingTrace {
    TraceMeta meta;
    bool countsOnly = false;  ///< the count-only variant: only `counts`, no tokens

    // Per token (T = tokens()), in the order recorded.
    std::vector<std::int32_t> sequence;  ///< T: the sequence (document) the token is in
    std::vector<std::int32_t> position;  ///< T: its position in that sequence, from 0
    std::vector<std::int32_t> label;     ///< T or empty: index into meta.labels, -1 = none
    std::string textBytes;               ///< the tokens' texts, UTF-8, one after another
    std::vector<std::uint64_t> textOffsets;  ///< T + 1 or empty: token t is [offsets[t], offsets[t+1])

    /// L x T x k, layer-major: the chosen experts in rank order (best first) and their
    /// combine weights; see expertId() and weight().
    std::vector<std::uint16_t> expertIds;
    std::vector<float> weights;
    /// L x T x E or empty: the router's raw scores (logits) before meta.weights is applied.
    std::vector<float> scores;

    /// Count-only variant: S x L x E assignments per step, layer and expert.
    std::vector<std::int64_t> counts;
    std::size_t steps = 0;  ///< S

    int layers() const { return static_cast<int>(meta.moeLayers.size()); }
    std::size_t tokens() const { return sequence.size(); }
    bool hasText() const { return !textOffsets.empty(); }
    bool hasLabels() const { return !label.empty(); }
    bool hasScores() const { return !scores.empty(); }

    std::size_t slot(int layer, std::size_t token, int rank) const {
        return (static_cast<std::size_t>(layer) * tokens() + token) * static_cast<std::size_t>(meta.topK) +
               static_cast<std::size_t>(rank);
    }
    int expertId(int layer, std::size_t token, int rank) const { return expertIds[slot(layer, token, rank)]; }
    float weight(int layer, std::size_t token, int rank) const { return weights[slot(layer, token, rank)]; }
    /// The text of token t ("" without texts).
    std::string_view text(std::size_t token) const;
    std::int64_t count(std::size_t step, int layer, int expert) const {
        return counts[(step * static_cast<std::size_t>(layers()) + static_cast<std::size_t>(layer)) *
                          static_cast<std::size_t>(meta.experts) +
                      static_cast<std::size_t>(expert)];
    }
};

}  // namespace moe
