#pragma once
// Intended usage: the JSON object `moe trace-stats --json` prints (docs/cli.md, "moe
// trace-stats"): the trace's meta, its size, one object per MoE layer, the layer-to-layer
// consistency and a sentence per number saying how it was computed. Figures that do not
// apply (no labels, a count-only trace) are null.
//
//   std::cout << toJsonText(traceStatsToJson(trace, computeTraceStats(trace), path)) << '\n';

#include "core/trace/routing_trace.h"
#include "core/trace/trace_stats.h"

#include <nlohmann/json.hpp>

#include <string>

namespace moe {

nlohmann::ordered_json traceStatsToJson(const RoutingTrace& trace, const TraceStats& stats,
                                        const std::string& file);

}  // namespace moe
