#pragma once
// Intended usage: File > Save scene as lesson step - the data and settings in use written as
// a lesson file with one step (docs/lesson-format.md) that a teacher then edits: the scene
// names the dataset as a session does and only the settings that differ from the defaults,
// with the controls to hide. The file opens as it is (File > Open lesson), with placeholder
// id, title, texts and source for the teacher to replace.
//
//   Result<nlohmann::ordered_json> doc = sceneLessonJson(source, config, {"groups"});
//   if (doc) write(toJsonText(doc.value()));
//   else show(doc.error());   // "a lesson scene cannot use a CSV file: ..."

#include "core/data/dataset_source.h"
#include "core/train/run_config.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace moe {

/// The settings of `config` that differ from RunConfig's defaults, keyed as a session's
/// "config" (a scene's config), in that object's order.
nlohmann::ordered_json changedConfigJson(const RunConfig& config);

/// A lesson document with one step whose scene is `source` (a generator or a bundled
/// dataset; a CSV file is refused) and `config`, hiding `hide` (lesson control names).
Result<nlohmann::ordered_json> sceneLessonJson(const DatasetSource& source, const RunConfig& config,
                                               const std::vector<std::string>& hide);

}  // namespace moe
