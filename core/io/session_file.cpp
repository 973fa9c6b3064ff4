#include "core/io/session_file.h"

#include "core/io/config_json.h"
#include "core/io/cost_json.h"
#include "core/io/dataset_source_json.h"
#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/util/quote_for_message.h"
#include "core/io/model_file.h"
#include "core/io/run_record_json.h"
#include "core/io/snapshot_json.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 30;
constexpr std::size_t kMaxRuns = 100'000;

Json buildDocument(const Session& s) {
    Result<Json> model = modelToJson(s.model);
    if (!model) throw JsonFieldError("model: " + model.error());
    Json j = Json::object();
    j["format"] = kSessionFormatName;
    j["version"] = kSessionFormatVersion;
    j["saved_at"] = s.savedAt;
    j["dataset"] = datasetSourceToJson(s.dataset);
    j["config"] = configToJson(s.config);
    j["model"] = std::move(model).value();
    j["history"] = historyToJson(s.history);
    j["cost"] = costReportToJson(s.cost);
    j["latency"] = s.latency ? latencyReportToJson(*s.latency) : Json(nullptr);
    j["savings"] = savingsTallyToJson(s.savings);
    Json runs = Json::array();
    for (const RunRecord& r : s.runs) runs.push_back(runRecordToJson(r));
    j["runs"] = std::move(runs);
    j["training_speed"] = speedName(s.trainingSpeed);
    return j;
}

Session readDocument(const Json& j) {
    requireObject(j, "the document");
    // Format and version first: another kind of file gets that message, not a missing key.
    const Json& format = requireMember(j, "format", "");
    if (!format.is_string() || format.get<std::string>() != kSessionFormatName) {
        throw JsonFieldError(std::string("format: not a MoE Explorer session file (expected \"") + kSessionFormatName +
                             "\", found " + describeFound(format) + ")");
    }
    const Json& version = requireMember(j, "version", "");
    if (!version.is_number_integer() || version.get<std::int64_t>() != kSessionFormatVersion)
        throw JsonFieldError("version: this program reads session files of version " +
                             std::to_string(kSessionFormatVersion) + ", the file is version " + version.dump());
    rejectUnknownKeys(j, {"format", "version", "saved_at", "dataset", "config", "model", "history", "cost",
                          "latency", "savings", "runs", "training_speed"},
                      "");
    Session s;
    s.savedAt = readString(j, "saved_at", "");
    s.dataset = datasetSourceFromJson(requireMember(j, "dataset", ""), "dataset");
    Result<RunConfig> config = configFromJson(requireMember(j, "config", ""), "config");
    if (!config) throw JsonFieldError(config.error());
    s.config = config.value();
    const Json& modelDocument = requireMember(j, "model", "");
    requireObject(modelDocument, "model");
    Result<TrainedModel> model = modelFromJson(modelDocument);
    if (!model) throw JsonFieldError("model." + model.error());
    s.model = std::move(model).value();
    if (configToJson(s.model.config) != configToJson(s.config))
        throw JsonFieldError("model.config: differs from the session's config (the model belongs to another run)");
    const int classes = s.model.task == Task::Classification ? static_cast<int>(s.model.classNames.size()) : 0;
    s.history = historyFromJson(requireMember(j, "history", ""), "history", snapshotShapeOf(s.config, classes));
    s.cost = costReportFromJson(requireMember(j, "cost", ""), "cost");
    const Json& latency = requireMember(j, "latency", "");
    if (!latency.is_null()) s.latency = latencyReportFromJson(latency, "latency");
    s.savings = savingsTallyFromJson(requireMember(j, "savings", ""), "savings");
    const Json& runs = requireArray(j, "runs", "", kMaxRuns);
    for (std::size_t i = 0; i < runs.size(); ++i)
        s.runs.push_back(runRecordFromJson(runs[i], std::string("runs[").append(std::to_string(i)).append("]")));
    // Optional: files written before the speed control have none and train at full speed.
    if (j.contains("training_speed")) {
        const std::string name = readString(j, "training_speed", "");
        const std::optional<TrainingSpeed> speed = parseSpeed(name);
        if (!speed) throw JsonFieldError("training_speed: \"" + name + "\" is not full, fast, moderate or slow");
        s.trainingSpeed = *speed;
    }
    return s;
}

}  // namespace

Result<Json> sessionToJson(const Session& session) {
    return catchJsonErrors<Json>([&] { return buildDocument(session); });
}

Result<Session> sessionFromJson(const Json& document) {
    return catchJsonErrors<Session>([&] { return readDocument(document); });
}

Status saveSession(const std::string& path, const Session& session) {
    Session stamped = session;
    stamped.savedAt = isoUtc(std::chrono::system_clock::now());
    return writeJsonFile(path, sessionToJson(stamped));
}

Result<Session> loadSession(const std::string& path) {
    Result<Json> doc = readJsonFile(path, "session file", kMaxFileBytes);
    if (!doc) return Error{doc.error()};
    Result<Session> session = sessionFromJson(doc.value());
    if (!session) return Error{visibleText(path) + ": " + session.error()};
    return session;
}

Result<RestoredSession> restoreSession(Session session, const std::string& sessionDir) {
    Result<LoadedDataset> data = loadDatasetSource(session.dataset, sessionDir);
    if (!data) return Error{"dataset: " + data.error()};
    Result<std::unique_ptr<Experiment>> experiment =
        Experiment::restore(data.value().data, session.config, session.model, session.history);
    if (!experiment) return Error{experiment.error()};
    RestoredSession r;
    r.session = std::move(session);
    r.dataset = std::move(data).value();
    r.experiment = std::move(experiment).value();
    return r;
}

Result<RestoredSession> openSession(const std::string& path) {
    Result<Session> session = loadSession(path);
    if (!session) return Error{session.error()};
    std::error_code ec;
    const std::string dir = std::filesystem::absolute(path, ec).parent_path().string();
    Result<RestoredSession> restored = restoreSession(std::move(session).value(), ec ? std::string() : dir);
    if (!restored) return Error{visibleText(path) + ": " + restored.error()};
    return restored;
}

}  // namespace moe
