#include "core/io/lesson_scene_json.h"

#include "core/io/config_json.h"
#include "core/io/dataset_source_json.h"
#include "core/io/lesson_file.h"

#include <nlohmann/json.hpp>

namespace moe {

using Json = nlohmann::ordered_json;

Json changedConfigJson(const RunConfig& config) {
    const Json mine = configToJson(config);
    const Json defaults = configToJson(RunConfig{});
    Json changed = Json::object();
    for (auto it = mine.begin(); it != mine.end(); ++it)
        if (!defaults.contains(it.key()) || defaults.at(it.key()) != it.value()) changed[it.key()] = it.value();
    return changed;
}

Result<Json> sceneLessonJson(const DatasetSource& source, const RunConfig& config, const std::vector<std::string>& hide) {
    if (source.kind == DatasetSource::Kind::CsvFile)
        return Error{"a lesson scene cannot use a CSV file: choose a built-in or bundled dataset (" + source.path + ")"};
    Json scene = Json::object();
    scene["dataset"] = datasetSourceToJson(source);
    scene["config"] = changedConfigJson(config);
    Json step = Json::object();
    step["title"] = "A scene";
    step["text"] = "What the learner should look at in this scene. Links: [a term](glossary:expert), "
                   "[a view](view:territory).";
    step["scene"] = std::move(scene);
    if (!hide.empty()) step["hide"] = hide;
    Json doc = Json::object();
    doc["format"] = kLessonFormat;
    doc["version"] = kLessonVersion;
    doc["id"] = "my-lesson";
    doc["title"] = "My lesson";
    doc["summary"] = "One or two sentences for the course list.";
    doc["level"] = "core";
    doc["minutes"] = 5;
    doc["sources"] = Json::array({"The paper or system this lesson's facts come from"});
    doc["steps"] = Json::array({std::move(step)});
    return doc;
}

}  // namespace moe
