#pragma once
// Intended usage: the cost figures of a run - counted FLOPs and parameters (CostReport),
// measured latency (LatencyReport) and the compute the sparsity has saved (SavingsTally) -
// to JSON and back, bit-exact. A session file keeps them because a measured time cannot be
// measured again identically.
//
//   j["latency"] = latencyReportToJson(controller.latency());
//   LatencyReport back = latencyReportFromJson(j["latency"], "latency");   // throws JsonFieldError
//
// The readers throw JsonFieldError naming the field; core/io loaders turn it into a Result.

#include "core/cost/cost_report.h"
#include "core/cost/latency_report.h"
#include "core/cost/savings_tally.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

/// {"moe", "dense_equal_params", "dense_equal_compute"}, each {params_total, params_active,
/// flops_per_sample, gate_flops, expert_flops, combine_flops}.
nlohmann::ordered_json costReportToJson(const CostReport& cost);
CostReport costReportFromJson(const nlohmann::ordered_json& json, const std::string& path);

/// {"threads", and per model {"single", "batch"}, each {batch, seconds_per_batch, repeats,
/// forwards_per_repeat}}.
nlohmann::ordered_json latencyReportToJson(const LatencyReport& latency);
LatencyReport latencyReportFromJson(const nlohmann::ordered_json& json, const std::string& path);

/// {"samples", "moe_flops", "dense_flops"}.
nlohmann::ordered_json savingsTallyToJson(const SavingsTally& savings);
SavingsTally savingsTallyFromJson(const nlohmann::ordered_json& json, const std::string& path);

}  // namespace moe
