#include "core/io/cost_json.h"

#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::int64_t kMaxCount = std::numeric_limits<std::int64_t>::max();

Json modelCostToJson(const ModelCost& c) {
    Json j = Json::object();
    j["params_total"] = c.paramsTotal;
    j["params_active"] = c.paramsActive;
    j["flops_per_sample"] = c.flopsPerSample;
    j["gate_flops"] = c.gateFlops;
    j["expert_flops"] = c.expertFlops;
    j["combine_flops"] = c.combineFlops;
    return j;
}

ModelCost modelCostFromJson(const Json& parent, std::string_view key, const std::string& parentPath) {
    const std::string path = jsonPath(parentPath, key);
    const Json& j = requireMember(parent, key, parentPath);
    requireObject(j, path);
    rejectUnknownKeys(j, {"params_total", "params_active", "flops_per_sample", "gate_flops", "expert_flops",
                          "combine_flops"},
                      path);
    ModelCost c;
    c.paramsTotal = readInt(j, "params_total", path, 0, kMaxCount);
    c.paramsActive = readInt(j, "params_active", path, 0, kMaxCount);
    c.flopsPerSample = readDouble(j, "flops_per_sample", path);
    c.gateFlops = readDouble(j, "gate_flops", path);
    c.expertFlops = readDouble(j, "expert_flops", path);
    c.combineFlops = readDouble(j, "combine_flops", path);
    return c;
}

Json latencyToJson(const Latency& l) {
    Json j = Json::object();
    j["batch"] = l.batch;
    j["seconds_per_batch"] = l.secondsPerBatch;
    j["repeats"] = l.repeats;
    j["forwards_per_repeat"] = l.forwardsPerRepeat;
    return j;
}

Latency latencyFromJson(const Json& parent, std::string_view key, const std::string& parentPath) {
    const std::string path = jsonPath(parentPath, key);
    const Json& j = requireMember(parent, key, parentPath);
    requireObject(j, path);
    rejectUnknownKeys(j, {"batch", "seconds_per_batch", "repeats", "forwards_per_repeat"}, path);
    constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
    Latency l;
    l.batch = static_cast<int>(readInt(j, "batch", path, 0, kMaxInt));
    l.secondsPerBatch = readDouble(j, "seconds_per_batch", path);
    if (l.secondsPerBatch < 0.0) throw JsonFieldError(jsonPath(path, "seconds_per_batch") + ": must not be negative");
    l.repeats = static_cast<int>(readInt(j, "repeats", path, 0, kMaxInt));
    l.forwardsPerRepeat = static_cast<int>(readInt(j, "forwards_per_repeat", path, 0, kMaxInt));
    return l;
}

Json modelLatencyToJson(const ModelLatency& m) {
    return Json{{"single", latencyToJson(m.single)}, {"batch", latencyToJson(m.batch)}};
}

ModelLatency modelLatencyFromJson(const Json& parent, std::string_view key, const std::string& parentPath) {
    const std::string path = jsonPath(parentPath, key);
    const Json& j = requireMember(parent, key, parentPath);
    requireObject(j, path);
    rejectUnknownKeys(j, {"single", "batch"}, path);
    return {latencyFromJson(j, "single", path), latencyFromJson(j, "batch", path)};
}

}  // namespace

Json costReportToJson(const CostReport& cost) {
    Json j = Json::object();
    j["moe"] = modelCostToJson(cost.moe);
    j["dense_equal_params"] = modelCostToJson(cost.denseEqualParams);
    j["dense_equal_compute"] = modelCostToJson(cost.denseEqualCompute);
    return j;
}

CostReport costReportFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"moe", "dense_equal_params", "dense_equal_compute"}, path);
    CostReport c;
    c.moe = modelCostFromJson(j, "moe", path);
    c.denseEqualParams = modelCostFromJson(j, "dense_equal_params", path);
    c.denseEqualCompute = modelCostFromJson(j, "dense_equal_compute", path);
    return c;
}

Json latencyReportToJson(const LatencyReport& latency) {
    Json j = Json::object();
    j["threads"] = latency.threads;
    j["moe"] = modelLatencyToJson(latency.moe);
    j["dense_equal_params"] = modelLatencyToJson(latency.denseEqualParams);
    j["dense_equal_compute"] = modelLatencyToJson(latency.denseEqualCompute);
    return j;
}

LatencyReport latencyReportFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"threads", "moe", "dense_equal_params", "dense_equal_compute"}, path);
    LatencyReport l;
    l.threads = static_cast<int>(readInt(j, "threads", path, 0, 1 << 20));
    l.moe = modelLatencyFromJson(j, "moe", path);
    l.denseEqualParams = modelLatencyFromJson(j, "dense_equal_params", path);
    l.denseEqualCompute = modelLatencyFromJson(j, "dense_equal_compute", path);
    return l;
}

Json savingsTallyToJson(const SavingsTally& s) {
    Json j = Json::object();
    j["samples"] = s.samples;
    j["moe_flops"] = s.moeFlops;
    j["dense_flops"] = s.denseFlops;
    return j;
}

SavingsTally savingsTallyFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"samples", "moe_flops", "dense_flops"}, path);
    SavingsTally s;
    s.samples = readInt(j, "samples", path, 0, kMaxCount);
    s.moeFlops = readDouble(j, "moe_flops", path);
    s.denseFlops = readDouble(j, "dense_flops", path);
    return s;
}

}  // namespace moe
