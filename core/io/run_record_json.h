#pragma once
// Intended usage: one ended run (RunRecord: dataset summary, configuration, cost and every
// epoch's snapshot) to JSON and back, bit-exact, for the run history a session file keeps.
//
//   j["runs"].push_back(runRecordToJson(record));
//   RunRecord back = runRecordFromJson(j["runs"][0], "runs[0]");   // throws JsonFieldError
//
// Keys: id, dataset_name, task, samples, features, classes, config (configToJson), cost
// (costReportToJson), history (historyToJson), end ("finished" or "stopped"), ended_at.

#include "core/io/snapshot_json.h"
#include "core/train/run_record.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

nlohmann::ordered_json runRecordToJson(const RunRecord& record);
/// Checks every field, and every snapshot against the record's own config (experts, MoE
/// layers, epochs) and class count.
RunRecord runRecordFromJson(const nlohmann::ordered_json& json, const std::string& path);

/// The shape of the snapshots of a run of `config` on data with `classes` classes.
SnapshotShape snapshotShapeOf(const RunConfig& config, int classes);

}  // namespace moe
