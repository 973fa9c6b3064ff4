#pragma once
// Intended usage: the JSON form of a model description (docs/cli.md, "moe cost"): the preset
// files and a user's `moe cost --config FILE.json` share it. Reading checks every field,
// refuses unknown keys and runs validateLlmConfig(); an error is one line naming the field
// by its path ("moe.top_k: cannot exceed moe.experts (8), got 9").
//
//   Result<LlmDescription> d = readLlmDescriptionFile("my-model.json");
//   nlohmann::ordered_json j = llmConfigToJson(d.value().config);   // reads back the same

#include "core/scale/llm_description.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

/// The description in `document`; errors are prefixed with `origin` ("file.json: ...").
Result<LlmDescription> readLlmDescription(const nlohmann::ordered_json& document,
                                          const std::string& origin);
/// The same from JSON text (a preset compiled into the program).
Result<LlmDescription> parseLlmDescription(const std::string& text, const std::string& origin);
/// The same from a file of at most 1 MiB.
Result<LlmDescription> readLlmDescriptionFile(const std::string& path);

/// Every field of `config`, defaults included, in the file format.
nlohmann::ordered_json llmConfigToJson(const LlmConfig& config);
nlohmann::ordered_json publishedToJson(const PublishedFigures& published);

}  // namespace moe
