#include "core/io/metrics_export.h"

#include "core/io/atomic_file.h"
#include "core/io/json_text.h"
#include "core/io/run_summary_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <functional>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// Shortest text that reads back as the same double; empty for NaN and infinities, which a
// spreadsheet would otherwise take for text.
std::string cell(double value) {
    if (!std::isfinite(value)) return {};
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string();
}

Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

// A column: its name and how to read it out of a snapshot.
struct Column {
    std::string name;
    std::function<std::string(const EpochSnapshot&)> value;
};

void addModelColumns(std::vector<Column>& columns, const std::string& prefix, Task task,
                     ModelMetrics EpochSnapshot::*model) {
    auto add = [&](const std::string& name, double ModelMetrics::*field) {
        columns.push_back({prefix + '_' + name, [model, field](const EpochSnapshot& s) { return cell(s.*model.*field); }});
    };
    add("train_loss", &ModelMetrics::trainLoss);
    add("test_loss", &ModelMetrics::testLoss);
    if (task == Task::Classification) {
        add("test_accuracy", &ModelMetrics::testAccuracy);
    } else {
        add("test_r2", &ModelMetrics::testR2);
        add("test_mse", &ModelMetrics::testMse);
    }
    add("train_seconds", &ModelMetrics::trainSeconds);
    add("validation_loss", &ModelMetrics::validationLoss);
    if (task == Task::Classification) add("validation_accuracy", &ModelMetrics::validationAccuracy);
    else add("validation_r2", &ModelMetrics::validationR2);
    columns.push_back({prefix + "_best_epoch", [model](const EpochSnapshot& s) {
                           const int best = (s.*model).bestEpoch;
                           return best >= 0 ? std::to_string(best) : std::string();
                       }});
}

// The layer's routing as `routing`, or layers[layer] when layer >= 0.
const RoutingStats& routingOf(const EpochSnapshot& s, int layer) {
    static const RoutingStats none;
    if (layer < 0) return s.routing;
    const auto l = static_cast<std::size_t>(layer);
    return l < s.layers.size() ? s.layers[l] : none;
}

void addRoutingColumns(std::vector<Column>& columns, const std::string& prefix, int layer, Task task,
                       std::size_t experts) {
    auto add = [&](const std::string& name, double RoutingStats::*field) {
        columns.push_back({prefix + name, [layer, field](const EpochSnapshot& s) { return cell(routingOf(s, layer).*field); }});
    };
    add("load_cv", &RoutingStats::loadCv);
    add("load_cv_before_capacity", &RoutingStats::loadCvBefore);
    add("max_violation", &RoutingStats::maxViolation);
    add("usage_entropy", &RoutingStats::usageEntropy);
    add("gate_entropy", &RoutingStats::gateEntropy);
    add("router_confidence", &RoutingStats::routerConfidence);
    add("dropped_fraction", &RoutingStats::droppedFraction);
    add("samples_left_behind", &RoutingStats::samplesLeftBehind);
    add("experts_per_sample", &RoutingStats::expertsPerSample);
    if (task == Task::Classification) add("class_expert_nmi", &RoutingStats::classExpertNmi);
    add("balance_loss", &RoutingStats::balanceLoss);
    add("z_loss", &RoutingStats::zLoss);
    columns.push_back({prefix + "dead_experts", [layer](const EpochSnapshot& s) {
                           return std::to_string(routingOf(s, layer).deadExperts.size());
                       }});
    auto perExpert = [&](const std::string& name, std::vector<double> RoutingStats::*field) {
        for (std::size_t e = 0; e < experts; ++e)
            columns.push_back({prefix + name + "_" + std::to_string(e + 1), [layer, field, e](const EpochSnapshot& s) {
                                   const std::vector<double>& v = routingOf(s, layer).*field;
                                   return e < v.size() ? cell(v[e]) : std::string();
                               }});
    };
    perExpert("expert_load", &RoutingStats::expertLoad);
    perExpert("mean_gate", &RoutingStats::meanGate);
}

std::vector<Column> columnsFor(const std::vector<EpochSnapshot>& history, Task task) {
    std::size_t experts = 0;
    std::size_t layers = 0;
    for (const EpochSnapshot& s : history) {
        experts = std::max({experts, s.routing.expertLoad.size(), s.routing.meanGate.size()});
        layers = std::max(layers, s.layers.size());
        for (const RoutingStats& r : s.layers) experts = std::max({experts, r.expertLoad.size(), r.meanGate.size()});
    }
    std::vector<Column> columns;
    columns.push_back({"epoch", [](const EpochSnapshot& s) { return std::to_string(s.epoch); }});
    columns.push_back({"elapsed_seconds", [](const EpochSnapshot& s) { return cell(s.elapsedSeconds); }});
    addModelColumns(columns, "moe", task, &EpochSnapshot::moe);
    addModelColumns(columns, "dense_equal_params", task, &EpochSnapshot::denseEqualParams);
    addModelColumns(columns, "dense_equal_compute", task, &EpochSnapshot::denseEqualCompute);
    addRoutingColumns(columns, "", -1, task, experts);
    if (layers > 1)
        for (std::size_t l = 0; l < layers; ++l)
            addRoutingColumns(columns, "layer" + std::to_string(l + 1) + "_", static_cast<int>(l), task, experts);
    return columns;
}

Json modelJson(Task task, const ModelMetrics& m) {
    Json j = Json::object();
    j["train_loss"] = number(m.trainLoss);
    j["test_loss"] = number(m.testLoss);
    if (task == Task::Classification) {
        j["test_accuracy"] = number(m.testAccuracy);
    } else {
        j["test_r2"] = number(m.testR2);
        j["test_mse"] = number(m.testMse);
    }
    j["train_seconds"] = number(m.trainSeconds);
    addValidationFields(j, task, m);
    return j;
}

std::string lowerSuffix(const std::string& path) {
    const std::size_t dot = path.find_last_of('.');
    const std::size_t slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string s = path.substr(dot + 1);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

std::string metricsToCsv(const std::vector<EpochSnapshot>& history, Task task) {
    const std::vector<Column> columns = columnsFor(history, task);
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c > 0) out += ',';
        out += columns[c].name;
    }
    out += '\n';
    for (const EpochSnapshot& s : history) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0) out += ',';
            out += columns[c].value(s);
        }
        out += '\n';
    }
    return out;
}

Json metricsToJson(const std::vector<EpochSnapshot>& history, Task task) {
    Json epochs = Json::array();
    for (const EpochSnapshot& s : history) {
        Json e = Json::object();
        e["epoch"] = s.epoch;
        e["elapsed_seconds"] = number(s.elapsedSeconds);
        e["moe"] = modelJson(task, s.moe);
        e["dense_equal_params"] = modelJson(task, s.denseEqualParams);
        e["dense_equal_compute"] = modelJson(task, s.denseEqualCompute);
        e["routing"] = routingStatsToJson(s.routing);
        if (s.layers.size() > 1) {
            Json layers = Json::array();
            for (const RoutingStats& r : s.layers) layers.push_back(routingStatsToJson(r));
            e["routing_layers"] = std::move(layers);
        }
        epochs.push_back(std::move(e));
    }
    Json j = Json::object();
    j["format"] = "moe-explorer-metrics";
    j["version"] = 1;
    j["task"] = taskName(task);
    j["epochs"] = std::move(epochs);
    return j;
}

Status writeMetricsFile(const std::string& path, const std::vector<EpochSnapshot>& history, Task task) {
    const std::string suffix = lowerSuffix(path);
    if (suffix == "csv") return writeFileAtomically(path, metricsToCsv(history, task));
    if (suffix == "json") return writeFileAtomically(path, toJsonText(metricsToJson(history, task)) + "\n");
    return Error{path + ": cannot save metrics: the name must end in .csv or .json"};
}

}  // namespace moe
