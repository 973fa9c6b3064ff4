#include "core/scale/llm_part.h"

#include "core/util/name_table.h"

#include <algorithm>

namespace moe {
namespace {

constexpr std::array kPartNames{std::pair{LlmPart::Embedding, "embedding"},
                                std::pair{LlmPart::Unembedding, "unembedding"},
                                std::pair{LlmPart::Attention, "attention"},
                                std::pair{LlmPart::Router, "router"},
                                std::pair{LlmPart::RoutedExperts, "routed_experts"},
                                std::pair{LlmPart::SharedExperts, "shared_experts"},
                                std::pair{LlmPart::DenseFfn, "dense_ffn"},
                                std::pair{LlmPart::Norms, "norms"}};
static_assert(kPartNames.size() == kLlmPartCount);

}  // namespace

const std::array<LlmPart, kLlmPartCount>& allLlmParts() {
    static const std::array<LlmPart, kLlmPartCount> parts = [] {
        std::array<LlmPart, kLlmPartCount> p{};
        for (std::size_t i = 0; i < p.size(); ++i) p[i] = kPartNames[i].first;
        return p;
    }();
    return parts;
}

const char* llmPartName(LlmPart part) { return nameOf(kPartNames, part); }

std::optional<LlmPart> llmPartFromName(const std::string& name) { return lookup(kPartNames, name); }

double PartCounts::total() const { return totalWithout({}); }

double PartCounts::totalWithout(const std::vector<LlmPart>& left) const {
    double sum = 0.0;
    for (LlmPart p : allLlmParts())
        if (std::find(left.begin(), left.end(), p) == left.end()) sum += (*this)[p];
    return sum;
}

}  // namespace moe
