#pragma once
// Intended usage: a model description as a file holds it - the architecture (llm_config.h)
// and, for a published model, the figures its authors give, with how they count, so a test
// and the docs can hold our count to theirs.
//
//   Result<LlmDescription> d = readLlmDescription(json, "mixtral-8x7b.json");
//   if (d && d.value().published)
//       double ours = cost.paramsActive.totalWithout(d.value().published->activeWithout);

#include "core/scale/llm_config.h"
#include "core/scale/llm_part.h"

#include <optional>
#include <string>
#include <vector>

namespace moe {

struct PublishedFigures {
    double paramsTotal = 0.0;
    double paramsActive = 0.0;
    /// Parts the publisher leaves out of its count (gpt-oss and DeepSeek-V3 count the active
    /// parameters without the input embedding table).
    std::vector<LlmPart> totalWithout;
    std::vector<LlmPart> activeWithout;
    std::string source;  ///< where the figures are stated
    std::string note;    ///< how they count, where it differs from ours
};

struct LlmDescription {
    LlmConfig config;
    std::optional<PublishedFigures> published;
};

}  // namespace moe
