#include "core/io/snapshot_json.h"

#include "core/io/json_fields.h"
#include "core/io/run_summary_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxEpochs = 1'000'000;

std::string indexPath(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

}  // namespace

Json modelMetricsToJson(const ModelMetrics& m) {
    Json j = Json::object();
    j["train_loss"] = numberOrNull(m.trainLoss);
    j["test_loss"] = numberOrNull(m.testLoss);
    j["test_accuracy"] = numberOrNull(m.testAccuracy);
    j["test_r2"] = numberOrNull(m.testR2);
    j["test_mse"] = numberOrNull(m.testMse);
    j["train_seconds"] = numberOrNull(m.trainSeconds);
    j["validation_loss"] = numberOrNull(m.validationLoss);
    j["validation_accuracy"] = numberOrNull(m.validationAccuracy);
    j["validation_r2"] = numberOrNull(m.validationR2);
    j["best_epoch"] = m.bestEpoch;
    j["stopped_early"] = m.stoppedEarly;
    j["diverged"] = m.diverged;
    return j;
}

ModelMetrics modelMetricsFromJson(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j,
                      {"train_loss", "test_loss", "test_accuracy", "test_r2", "test_mse", "train_seconds",
                       "validation_loss", "validation_accuracy", "validation_r2", "best_epoch", "stopped_early",
                       "diverged"},
                      path);
    ModelMetrics m;
    m.trainLoss = readNumberOrNull(j, "train_loss", path);
    m.testLoss = readNumberOrNull(j, "test_loss", path);
    m.testAccuracy = readNumberOrNull(j, "test_accuracy", path);
    m.testR2 = readNumberOrNull(j, "test_r2", path);
    m.testMse = readNumberOrNull(j, "test_mse", path);
    m.trainSeconds = readNumberOrNull(j, "train_seconds", path);
    // Optional: files from before validation and early stopping lack them.
    if (j.contains("validation_loss")) m.validationLoss = readNumberOrNull(j, "validation_loss", path);
    if (j.contains("validation_accuracy")) m.validationAccuracy = readNumberOrNull(j, "validation_accuracy", path);
    if (j.contains("validation_r2")) m.validationR2 = readNumberOrNull(j, "validation_r2", path);
    if (j.contains("best_epoch"))
        m.bestEpoch = static_cast<int>(readInt(j, "best_epoch", path, -1, static_cast<std::int64_t>(kMaxEpochs)));
    if (j.contains("stopped_early")) m.stoppedEarly = readBool(j, "stopped_early", path);
    if (j.contains("diverged")) m.diverged = readBool(j, "diverged", path);
    return m;
}

RoutingStats routingStatsFromJson(const Json& j, const std::string& path, const SnapshotShape& shape) {
    requireObject(j, path);
    rejectUnknownKeys(j,
                      {"expert_load", "expert_load_before_capacity", "expert_count", "mean_gate", "load_cv",
                       "load_cv_before_capacity", "max_violation", "usage_entropy", "gate_entropy",
                       "router_confidence", "dropped_fraction", "samples_left_behind", "experts_per_sample",
                       "experts_per_sample_histogram", "class_expert", "class_expert_nmi", "dead_experts",
                       "balance_loss", "z_loss"},
                      path);
    RoutingStats r;
    // routingStats() leaves every array empty when nothing was routed; keep that case.
    const bool empty = requireArray(j, "expert_load", path, kMaxEpochs).empty();
    const auto E = empty ? std::size_t{0} : static_cast<std::size_t>(shape.experts);
    r.expertLoad = readNumberArray(j, "expert_load", path, E);
    r.expertLoadBefore = readNumberArray(j, "expert_load_before_capacity", path, E);
    r.expertCount = readIntArray(j, "expert_count", path, E, 0, std::numeric_limits<int>::max());
    r.meanGate = readNumberArray(j, "mean_gate", path, E);
    r.loadCv = readNumberOrNull(j, "load_cv", path);
    r.loadCvBefore = readNumberOrNull(j, "load_cv_before_capacity", path);
    r.maxViolation = readNumberOrNull(j, "max_violation", path);
    r.usageEntropy = readNumberOrNull(j, "usage_entropy", path);
    r.gateEntropy = readNumberOrNull(j, "gate_entropy", path);
    r.routerConfidence = readNumberOrNull(j, "router_confidence", path);
    r.droppedFraction = readNumberOrNull(j, "dropped_fraction", path);
    r.samplesLeftBehind = readNumberOrNull(j, "samples_left_behind", path);
    r.expertsPerSample = readNumberOrNull(j, "experts_per_sample", path);
    r.expertsPerSampleHistogram = readNumberArray(j, "experts_per_sample_histogram", path, empty ? 0 : E + 1);
    if (j.contains("class_expert")) {
        const std::string where = jsonPath(path, "class_expert");
        const Json& rows = requireArray(j, "class_expert", path, static_cast<std::size_t>(shape.classes));
        if (rows.size() != static_cast<std::size_t>(shape.classes))
            throw JsonFieldError(where + ": expected " + std::to_string(shape.classes) +
                                 " rows (one per class), got " + std::to_string(rows.size()));
        for (std::size_t c = 0; c < rows.size(); ++c)
            r.classExpert.push_back(readNumbers(rows[c], indexPath(where, c), E));
        r.classExpertNmi = readNumberOrNull(j, "class_expert_nmi", path);
    } else if (j.contains("class_expert_nmi")) {
        throw JsonFieldError(jsonPath(path, "class_expert_nmi") + ": present without class_expert");
    }
    const Json& dead = requireArray(j, "dead_experts", path, static_cast<std::size_t>(shape.experts));
    r.deadExperts = readIntArray(j, "dead_experts", path, dead.size(), 0, std::max(0, shape.experts - 1));
    r.balanceLoss = readNumberOrNull(j, "balance_loss", path);
    r.zLoss = readNumberOrNull(j, "z_loss", path);
    return r;
}

Json epochSnapshotToJson(const EpochSnapshot& s) {
    Json j = Json::object();
    j["epoch"] = s.epoch;
    j["epochs"] = s.epochs;
    j["elapsed_seconds"] = numberOrNull(s.elapsedSeconds);
    j["moe"] = modelMetricsToJson(s.moe);
    j["dense_equal_params"] = modelMetricsToJson(s.denseEqualParams);
    j["dense_equal_compute"] = modelMetricsToJson(s.denseEqualCompute);
    Json layers = Json::array();
    if (s.layers.empty()) layers.push_back(routingStatsToJson(s.routing));
    for (const RoutingStats& r : s.layers) layers.push_back(routingStatsToJson(r));
    j["layers"] = std::move(layers);
    return j;
}

EpochSnapshot epochSnapshotFromJson(const Json& j, const std::string& path, const SnapshotShape& shape) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"epoch", "epochs", "elapsed_seconds", "moe", "dense_equal_params", "dense_equal_compute",
                          "layers"},
                      path);
    EpochSnapshot s;
    s.epoch = static_cast<int>(readInt(j, "epoch", path, 0, shape.epochs));
    s.epochs = static_cast<int>(readInt(j, "epochs", path, shape.epochs, shape.epochs));
    s.elapsedSeconds = readNumberOrNull(j, "elapsed_seconds", path);
    s.moe = modelMetricsFromJson(requireMember(j, "moe", path), jsonPath(path, "moe"));
    s.denseEqualParams =
        modelMetricsFromJson(requireMember(j, "dense_equal_params", path), jsonPath(path, "dense_equal_params"));
    s.denseEqualCompute =
        modelMetricsFromJson(requireMember(j, "dense_equal_compute", path), jsonPath(path, "dense_equal_compute"));
    const std::string where = jsonPath(path, "layers");
    const Json& layers = requireArray(j, "layers", path, static_cast<std::size_t>(shape.layers));
    if (layers.size() != static_cast<std::size_t>(shape.layers))
        throw JsonFieldError(where + ": expected " + std::to_string(shape.layers) +
                             " MoE layers (from the config), got " + std::to_string(layers.size()));
    for (std::size_t l = 0; l < layers.size(); ++l)
        s.layers.push_back(routingStatsFromJson(layers[l], indexPath(where, l), shape));
    s.routing = s.layers.front();
    return s;
}

Json historyToJson(const std::vector<EpochSnapshot>& history) {
    Json j = Json::array();
    for (const EpochSnapshot& s : history) j.push_back(epochSnapshotToJson(s));
    return j;
}

std::vector<EpochSnapshot> historyFromJson(const Json& j, const std::string& path, const SnapshotShape& shape) {
    if (!j.is_array()) throw JsonFieldError(path + ": expected an array of epochs, found " + j.type_name());
    if (j.empty()) throw JsonFieldError(path + ": empty (epoch 0, the untrained models, comes first)");
    if (j.size() > static_cast<std::size_t>(shape.epochs) + 1)
        throw JsonFieldError(path + ": " + std::to_string(j.size()) + " snapshots for a run of " +
                             std::to_string(shape.epochs) + " epochs");
    std::vector<EpochSnapshot> history;
    history.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        history.push_back(epochSnapshotFromJson(j[i], indexPath(path, i), shape));
        if (history.back().epoch != static_cast<int>(i))
            throw JsonFieldError(jsonPath(indexPath(path, i), "epoch") + ": expected " + std::to_string(i) +
                                 " (epochs are consecutive from 0), got " + std::to_string(history.back().epoch));
    }
    return history;
}

}  // namespace moe
