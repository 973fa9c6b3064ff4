#pragma once
// Intended usage: open a routing trace file (docs/trace-format.md: safetensors with the
// trace's meta in "__metadata__") for `moe trace-stats` and the Trace workspace. Everything is
// checked as it is read - the container (truncated, a header that does not match the data's
// length, over kMaxTraceFileBytes), the meta (counts within the limits, a layer count that
// agrees with the tensors), every expert id (in range, none twice for one token) and every
// weight and score (finite) - and a refusal is one line naming the file and the field:
//
//   Result<RoutingTrace> t = readTraceFile(path);
//   if (!t) return fail(t.error());   // "run.safetensors: expert_ids: layer 3, token 17, rank 1:
//                                     //  expert 130 is out of range (meta.experts is 128)"
// Memory: the trace as RoutingTrace holds it (2 bytes per expert id, 4 per weight) plus 1 MiB.

#include "core/trace/routing_trace.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

Result<RoutingTrace> readTraceFile(const std::string& path);

/// The meta object of the format (docs/trace-format.md, "The meta"); throws JsonFieldError
/// naming the field ("meta.top_k: ...") when a value is missing, of the wrong type or out of
/// its limits.
TraceMeta traceMetaFromJson(const nlohmann::ordered_json& meta);
nlohmann::ordered_json traceMetaToJson(const TraceMeta& meta);

}  // namespace moe
