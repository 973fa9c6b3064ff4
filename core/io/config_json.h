#pragma once
// Intended usage: a RunConfig as a flat JSON object whose keys are the `moe train` option
// names with '_' for '-' ("top_k", "balance_loss", "lr", ...). The CLI prints it as the
// "config" of its summary and the model file stores it; both go through these two
// functions, so the two never disagree.
//
//   nlohmann::ordered_json j = configToJson(config);        // every field, defaults included
//   Result<RunConfig> back = configFromJson(j, "config");   // every key required, validated
//
// Keys (docs/model-format.md documents each): experts, top_k, hidden, activation, router,
// renormalize, mode, mixture_loss, layers, model_width, shared_experts, groups,
// capacity_factor, eval_capacity_factor, capacity_policy, renormalize_after_drop, jitter,
// top_p, expert_choice_factor, bias_update_rate, balance_loss, z_loss, importance_loss,
// entropy_loss, epochs, batch, lr, optimizer, momentum, seed, threads, test_fraction.

#include "core/train/run_config.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

nlohmann::ordered_json configToJson(const RunConfig& config);

/// Reads every key (all required, no unknown ones), then validateConfig(). Errors name the
/// field by `path`, e.g. "config.top_k: cannot exceed the number of experts (4), got 5".
Result<RunConfig> configFromJson(const nlohmann::ordered_json& json,
                                 const std::string& path = "config");

}  // namespace moe
