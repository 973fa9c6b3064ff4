#pragma once
// Intended usage: the JSON object `moe cost --json` prints (docs/cli.md, "moe cost"), so the
// CLI and any other exporter write the same keys.
//
//   nlohmann::ordered_json j = llmCostToJson(description, cost, WeightDtype::Bf16);
//   if (ep) addExpertParallel(j, setup, ep.value());

#include "core/scale/expert_parallel.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_cost.h"
#include "core/scale/llm_description.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

/// Parameters, FLOPs, memory, the dense baselines and (for a published model) its figures
/// beside ours, for `description` at `cost.context` with weights in `dtype`.
nlohmann::ordered_json llmCostToJson(const LlmDescription& description, const LlmCost& cost,
                                     WeightDtype dtype);

/// Adds "expert_parallel" and the top-level "all_to_all_bytes_per_token_per_layer" to `j`.
/// `placement` names how the experts were placed ("contiguous", ... or the file).
void addExpertParallel(nlohmann::ordered_json& j, const ExpertParallelSetup& setup,
                       const ExpertParallelEstimate& ep, const std::string& placement,
                       const std::string& routing);

}  // namespace moe
