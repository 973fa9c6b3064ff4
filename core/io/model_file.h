#pragma once
// Intended usage: a trained MoE to and from its file, the JSON documented field by field
// in docs/model-format.md. Saving is atomic: a reader never sees half a file, and a failed
// save leaves any earlier file at `path` untouched. Loading trusts nothing in the file.
//
//   if (Status s = saveModel("spirals.json", experiment.trainedModel()); !s) report(s.error());
//   Result<TrainedModel> m = loadModel("spirals.json");
//   if (!m) { std::cerr << m.error() << '\n'; return 2; }   // names the file and the field
//   Predictions p = predict(m.value(), data);

#include "core/train/trained_model.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

inline constexpr const char* kModelFormatName = "moe-explorer-model";
inline constexpr int kModelFormatVersion = 1;

/// Writes `model` to `path` through a temporary file in the same directory, then renames
/// it over `path`. On failure nothing is left behind and the Error names the path and why.
Status saveModel(const std::string& path, const TrainedModel& model);

/// Reads and checks a model file: JSON syntax, format name and version, every config
/// field (validateConfig), every matrix shape against the config, finite weights, names
/// and standardisation. The Error is one line: "<path>: <field>: <what is wrong>".
Result<TrainedModel> loadModel(const std::string& path);

/// The document saveModel() writes, for files that embed a model (a session file).
/// Fails when the model is incomplete or holds non-finite numbers (a diverged run).
Result<nlohmann::ordered_json> modelToJson(const TrainedModel& model);
/// The checks of loadModel() on an already parsed document; errors name the field only.
Result<TrainedModel> modelFromJson(const nlohmann::ordered_json& document);

}  // namespace moe
