#pragma once
// Intended usage: the parts a transformer MoE language model's parameters and FLOPs are
// split into, with the names the CLI's JSON, the docs and the preset files use for them,
// and a per-part tally.
//
//   PartCounts p;  p[LlmPart::Attention] += 4096.0 * 4096.0;
//   double all = p.total();  double noEmbedding = p.totalWithout({LlmPart::Embedding});

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class LlmPart {
    Embedding,      ///< the token embedding table (vocab x hidden)
    Unembedding,    ///< the output head (hidden x vocab); 0 parameters when tied
    Attention,      ///< q, k, v, output projections (and their biases, sinks)
    Router,         ///< the gate of every MoE layer (and its bias)
    RoutedExperts,  ///< the routed experts of every MoE layer
    SharedExperts,  ///< the always-on experts of every MoE layer
    DenseFfn,       ///< the FFN of the dense layers
    Norms,          ///< layer norms, the final norm, query/key norms
};

inline constexpr int kLlmPartCount = 8;

/// All parts in the order above.
const std::array<LlmPart, kLlmPartCount>& allLlmParts();
/// "embedding", "unembedding", "attention", "router", "routed_experts", "shared_experts",
/// "dense_ffn", "norms".
const char* llmPartName(LlmPart part);
std::optional<LlmPart> llmPartFromName(const std::string& name);

/// A number per part (parameters or FLOPs).
struct PartCounts {
    std::array<double, kLlmPartCount> values{};

    double& operator[](LlmPart part) { return values[static_cast<std::size_t>(part)]; }
    double operator[](LlmPart part) const { return values[static_cast<std::size_t>(part)]; }
    double total() const;
    /// The total without the parts listed (a published count that leaves some out).
    double totalWithout(const std::vector<LlmPart>& left) const;
};

}  // namespace moe
