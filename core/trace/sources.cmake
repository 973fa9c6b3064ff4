# trace/: routing traces recorded from real MoE models (docs/trace-format.md) - the data, the
# safetensors reader and writer, and the statistics of `moe trace-stats`. Included from
# core/CMakeLists.txt.
target_sources(moe_core PRIVATE
  trace/routing_trace.cpp
  trace/safetensors_file.cpp
  trace/trace_reader.cpp
  trace/trace_writer.cpp
  trace/trace_stats.cpp
  trace/trace_stats_json.cpp
  trace/coactivation_order.cpp
)
