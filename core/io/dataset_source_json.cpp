#include "core/io/dataset_source_json.h"

#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <utility>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

template <class Enum, std::size_t N>
using Names = std::array<std::pair<Enum, const char*>, N>;

constexpr Names<CsvHeader, 3> kHeaders{{{CsvHeader::Detect, "detect"}, {CsvHeader::Present, "present"},
                                        {CsvHeader::Absent, "absent"}}};
constexpr Names<CsvDecimal, 3> kDecimals{{{CsvDecimal::Detect, "detect"}, {CsvDecimal::Point, "point"},
                                          {CsvDecimal::Comma, "comma"}}};
constexpr Names<MissingPolicy, 3> kMissing{{{MissingPolicy::DropRows, "drop-rows"},
                                            {MissingPolicy::FillMean, "fill-mean"}, {MissingPolicy::Fail, "fail"}}};
constexpr Names<ColumnRole, 3> kRoles{{{ColumnRole::Feature, "feature"}, {ColumnRole::Label, "label"},
                                       {ColumnRole::Ignore, "ignore"}}};
constexpr Names<ColumnType, 3> kTypes{{{ColumnType::Auto, "auto"}, {ColumnType::Numeric, "numeric"},
                                       {ColumnType::Categorical, "categorical"}}};
constexpr Names<Task, 2> kTasks{{{Task::Classification, "classification"}, {Task::Regression, "regression"}}};

template <class Enum, std::size_t N>
const char* nameOf(const Names<Enum, N>& names, Enum value) {
    for (const auto& [e, name] : names)
        if (e == value) return name;
    return names.front().second;
}

template <class Enum, std::size_t N>
Enum enumFrom(const Names<Enum, N>& names, const Json& value, const std::string& where) {
    std::string allowed;
    for (const auto& [e, name] : names) {
        if (value.is_string() && value.get<std::string>() == name) return e;
        allowed.append(allowed.empty() ? "\"" : ", \"").append(name).append("\"");
    }
    throw JsonFieldError(where + ": expected one of " + allowed + ", got " + describeFound(value));
}

template <class Enum, std::size_t N>
Json enumArray(const Names<Enum, N>& names, const std::vector<Enum>& values) {
    Json a = Json::array();
    for (Enum v : values) a.push_back(nameOf(names, v));
    return a;
}

template <class Enum, std::size_t N>
std::vector<Enum> readEnumArray(const Names<Enum, N>& names, const Json& object, std::string_view key,
                                const std::string& path) {
    const Json& a = requireArray(object, key, path, 1'000'000);
    std::vector<Enum> out;
    for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(enumFrom(names, a[i], jsonPath(path, key) + "[" + std::to_string(i) + "]"));
    return out;
}

Json csvOptionsToJson(const CsvOptions& o) {
    Json j = Json::object();
    j["delimiter"] = o.delimiter == 0 ? std::string() : std::string(1, o.delimiter);
    j["header"] = nameOf(kHeaders, o.header);
    j["decimal"] = nameOf(kDecimals, o.decimal);
    j["label"] = o.label;
    j["roles"] = enumArray(kRoles, o.roles);
    j["types"] = enumArray(kTypes, o.types);
    j["task"] = o.task ? Json(nameOf(kTasks, *o.task)) : Json(nullptr);
    j["missing"] = nameOf(kMissing, o.missing);
    j["inference_rows"] = o.inferenceRows;
    j["max_inferred_classes"] = o.maxInferredClasses;
    j["max_categories"] = o.maxCategories;
    j["name"] = o.name;
    return j;
}

CsvOptions csvOptionsFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"delimiter", "header", "decimal", "label", "roles", "types", "task", "missing",
                          "inference_rows", "max_inferred_classes", "max_categories", "name"},
                      path);
    CsvOptions o;
    const std::string delimiter = readString(j, "delimiter", path);
    if (delimiter.size() > 1)
        throw JsonFieldError(jsonPath(path, "delimiter") + ": expected one character, or \"\" to detect");
    o.delimiter = delimiter.empty() ? char(0) : delimiter[0];
    o.header = enumFrom(kHeaders, requireMember(j, "header", path), jsonPath(path, "header"));
    o.decimal = enumFrom(kDecimals, requireMember(j, "decimal", path), jsonPath(path, "decimal"));
    o.label = readString(j, "label", path);
    o.roles = readEnumArray(kRoles, j, "roles", path);
    o.types = readEnumArray(kTypes, j, "types", path);
    const Json& task = requireMember(j, "task", path);
    if (!task.is_null()) o.task = enumFrom(kTasks, task, jsonPath(path, "task"));
    o.missing = enumFrom(kMissing, requireMember(j, "missing", path), jsonPath(path, "missing"));
    o.inferenceRows = static_cast<std::size_t>(readInt(j, "inference_rows", path, 1, std::numeric_limits<std::int64_t>::max()));
    o.maxInferredClasses = static_cast<int>(readInt(j, "max_inferred_classes", path, 2, 100'000));
    o.maxCategories = static_cast<std::size_t>(readInt(j, "max_categories", path, 1, std::numeric_limits<std::int64_t>::max()));
    o.name = readString(j, "name", path);
    return o;
}

}  // namespace

Json datasetSourceToJson(const DatasetSource& s) {
    Json j = Json::object();
    switch (s.kind) {
    case DatasetSource::Kind::Generator: {
        j["kind"] = "generator";
        Json g = Json::object();
        g["name"] = s.generator.name;
        g["samples"] = s.generator.samples;
        g["noise"] = s.generator.noise;
        g["seed"] = s.generator.seed;
        g["clusters"] = s.generator.clusters;
        j["generator"] = std::move(g);
        break;
    }
    case DatasetSource::Kind::Bundled:
        j["kind"] = "bundled";
        j["name"] = s.bundledName;
        break;
    case DatasetSource::Kind::CsvFile:
        j["kind"] = "csv";
        j["path"] = s.path;
        j["content_hash"] = s.contentHash;
        j["options"] = csvOptionsToJson(s.csv);
        break;
    }
    return j;
}

DatasetSource datasetSourceFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    const std::string kind = readString(j, "kind", path);
    DatasetSource s;
    if (kind == "generator") {
        rejectUnknownKeys(j, {"kind", "generator"}, path);
        s.kind = DatasetSource::Kind::Generator;
        const std::string where = jsonPath(path, "generator");
        const Json& g = requireMember(j, "generator", path);
        requireObject(g, where);
        rejectUnknownKeys(g, {"name", "samples", "noise", "seed", "clusters"}, where);
        s.generator.name = readString(g, "name", where);
        s.generator.samples = static_cast<int>(readInt(g, "samples", where, 1, std::numeric_limits<int>::max()));
        s.generator.noise = readDouble(g, "noise", where);
        s.generator.seed = readUint64(g, "seed", where);
        s.generator.clusters = static_cast<int>(readInt(g, "clusters", where, 0, std::numeric_limits<int>::max()));
    } else if (kind == "bundled") {
        rejectUnknownKeys(j, {"kind", "name"}, path);
        s.kind = DatasetSource::Kind::Bundled;
        s.bundledName = readString(j, "name", path);
    } else if (kind == "csv") {
        rejectUnknownKeys(j, {"kind", "path", "content_hash", "options"}, path);
        s.kind = DatasetSource::Kind::CsvFile;
        s.path = readString(j, "path", path);
        if (s.path.empty()) throw JsonFieldError(jsonPath(path, "path") + ": empty");
        s.contentHash = readString(j, "content_hash", path);
        s.csv = csvOptionsFromJson(requireMember(j, "options", path), jsonPath(path, "options"));
    } else {
        throw JsonFieldError(jsonPath(path, "kind") + ": expected \"generator\", \"bundled\" or \"csv\", got \"" +
                             kind + "\"");
    }
    return s;
}

}  // namespace moe
