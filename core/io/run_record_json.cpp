#include "core/io/run_record_json.h"

#include "core/io/config_json.h"
#include "core/io/cost_json.h"
#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

Task readTask(const Json& j, const std::string& path) {
    const std::string task = readString(j, "task", path);
    if (task == "classification") return Task::Classification;
    if (task == "regression") return Task::Regression;
    throw JsonFieldError(jsonPath(path, "task") + ": expected \"classification\" or \"regression\", got \"" +
                         task + "\"");
}

}  // namespace

SnapshotShape snapshotShapeOf(const RunConfig& config, int classes) {
    SnapshotShape shape;
    shape.experts = config.model.experts;
    shape.layers = config.model.mode == MoeMode::Block ? config.model.layers : 1;
    shape.classes = classes;
    shape.epochs = config.train.epochs;
    return shape;
}

Json runRecordToJson(const RunRecord& r) {
    Json j = Json::object();
    j["id"] = r.id;
    j["dataset_name"] = r.datasetName;
    j["task"] = taskName(r.task);
    j["samples"] = r.samples;
    j["features"] = r.features;
    j["classes"] = r.classes;
    j["config"] = configToJson(r.config);
    j["cost"] = costReportToJson(r.cost);
    j["history"] = historyToJson(r.history);
    j["end"] = runEndName(r.end);
    j["ended_at"] = r.endedAt;
    return j;
}

RunRecord runRecordFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"id", "dataset_name", "task", "samples", "features", "classes", "config", "cost", "history",
                          "end", "ended_at"},
                      path);
    constexpr std::int64_t kMaxRows = std::numeric_limits<std::int64_t>::max();
    RunRecord r;
    r.id = static_cast<int>(readInt(j, "id", path, 0, std::numeric_limits<int>::max()));
    r.datasetName = readString(j, "dataset_name", path);
    r.task = readTask(j, path);
    r.samples = static_cast<std::size_t>(readInt(j, "samples", path, 0, kMaxRows));
    r.features = static_cast<std::size_t>(readInt(j, "features", path, 0, kMaxRows));
    r.classes = static_cast<int>(
        readInt(j, "classes", path, r.task == Task::Classification ? 2 : 0, r.task == Task::Classification ? 100'000 : 0));
    Result<RunConfig> config = configFromJson(requireMember(j, "config", path), jsonPath(path, "config"));
    if (!config) throw JsonFieldError(config.error());
    r.config = config.value();
    r.cost = costReportFromJson(requireMember(j, "cost", path), jsonPath(path, "cost"));
    r.history = historyFromJson(requireMember(j, "history", path), jsonPath(path, "history"),
                                snapshotShapeOf(r.config, r.classes));
    const std::string end = readString(j, "end", path);
    if (end == runEndName(RunEnd::Finished)) r.end = RunEnd::Finished;
    else if (end == runEndName(RunEnd::Stopped)) r.end = RunEnd::Stopped;
    else throw JsonFieldError(jsonPath(path, "end") + ": expected \"finished\" or \"stopped\", got \"" + end + "\"");
    r.endedAt = readString(j, "ended_at", path);
    return r;
}

}  // namespace moe
