#pragma once
// Intended usage: write a RoutingTrace as a trace file (docs/trace-format.md) - for the tests,
// the fuzz target's round trip and the benchmark's generated trace; real traces come from
// scripts/record-trace. Expert ids are written as I16, weights and scores as F32, counts as
// I64, the per-token integers as I32 and the text offsets as I64. Saving is atomic.
//
//   RoutingTrace t;  t.meta = ...;  t.sequence = ...;  t.expertIds = ...;  // L x T x k
//   if (Status s = writeTraceFile("t.safetensors", t); !s) return s;

#include "core/trace/routing_trace.h"
#include "core/util/result.h"

#include <string>

namespace moe {

/// The file's bytes: the 8-byte header length, the JSON header, the tensors.
std::string traceFileBytes(const RoutingTrace& trace);

Status writeTraceFile(const std::string& path, const RoutingTrace& trace);

}  // namespace moe
