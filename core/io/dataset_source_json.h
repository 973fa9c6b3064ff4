#pragma once
// Intended usage: a DatasetSource (where a run's data came from) to JSON and back, for the
// "dataset" object of a session file (docs/session-format.md lists every key).
//
//   j["dataset"] = datasetSourceToJson(source);
//   DatasetSource back = datasetSourceFromJson(j["dataset"], "dataset");   // throws JsonFieldError
//
// {"kind": "generator", "generator": {"name", "samples", "noise", "seed", "clusters"}}
// {"kind": "bundled", "name": "iris"}
// {"kind": "csv", "path", "content_hash", "options": {delimiter, header, decimal, label,
//   roles, types, task, missing, inference_rows, max_inferred_classes, max_categories, name}}

#include "core/data/dataset_source.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

nlohmann::ordered_json datasetSourceToJson(const DatasetSource& source);
DatasetSource datasetSourceFromJson(const nlohmann::ordered_json& json, const std::string& path);

}  // namespace moe
