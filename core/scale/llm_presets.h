#pragma once
// Intended usage: the published MoE language models the app knows (mixtral-8x7b, deepseek-v3,
// ...). Each is a model description file in resources/llm-presets/, compiled into the
// program, with the figures its authors publish and the source of both.
//
//   for (const std::string& name : llmPresetNames()) ...
//   Result<LlmDescription> d = loadLlmPreset("deepseek-v3");
//   if (!d) return fail("--preset: " + d.error());   // "unknown preset 'x' (presets: ...)"

#include "core/scale/llm_description.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace moe {

/// The preset names, sorted.
std::vector<std::string> llmPresetNames();
/// The preset `name`, read and checked like a user's file.
Result<LlmDescription> loadLlmPreset(const std::string& name);

}  // namespace moe
