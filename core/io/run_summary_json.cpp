#include "core/io/run_summary_json.h"

#include "core/io/config_json.h"
#include "core/train/experiment.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// JSON has no NaN: a metric that is not a number is written as null, never as text.
Json number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

}  // namespace

RunSummary summarizeRun(const Experiment& experiment) {
    RunSummary s;
    const Dataset& data = experiment.data();
    s.datasetName = data.name;
    s.task = data.task;
    s.samples = data.rows;
    s.features = data.cols;
    s.classes = data.task == Task::Classification ? data.classCount() : 0;
    s.trainSamples = experiment.trainSet().rows;
    s.validationSamples = experiment.validationSet().rows;
    s.testSamples = experiment.testSet().rows;
    s.divergences = experiment.divergences();
    s.config = experiment.config();
    s.snapshot = experiment.snapshot();
    s.cost = experiment.cost();
    return s;
}

Json routingStatsToJson(const RoutingStats& r) {
    const auto numbers = [](const std::vector<double>& values) {
        Json a = Json::array();
        for (double v : values) a.push_back(number(v));
        return a;
    };
    Json j = Json::object();
    j["expert_load"] = numbers(r.expertLoad);
    j["expert_load_before_capacity"] = numbers(r.expertLoadBefore);
    j["expert_count"] = r.expertCount;
    j["mean_gate"] = numbers(r.meanGate);
    j["load_cv"] = number(r.loadCv);
    j["load_cv_before_capacity"] = number(r.loadCvBefore);
    j["max_violation"] = number(r.maxViolation);
    j["usage_entropy"] = number(r.usageEntropy);
    j["gate_entropy"] = number(r.gateEntropy);
    j["router_confidence"] = number(r.routerConfidence);
    j["dropped_fraction"] = number(r.droppedFraction);
    j["samples_left_behind"] = number(r.samplesLeftBehind);
    j["experts_per_sample"] = number(r.expertsPerSample);
    j["experts_per_sample_histogram"] = numbers(r.expertsPerSampleHistogram);
    if (!r.classExpert.empty()) {
        Json rows = Json::array();
        for (const std::vector<double>& row : r.classExpert) rows.push_back(numbers(row));
        j["class_expert"] = std::move(rows);
        j["class_expert_nmi"] = number(r.classExpertNmi);
    }
    j["dead_experts"] = r.deadExperts;
    j["balance_loss"] = number(r.balanceLoss);
    j["z_loss"] = number(r.zLoss);
    return j;
}

void addValidationFields(Json& j, Task task, const ModelMetrics& m) {
    j["validation_loss"] = number(m.validationLoss);
    if (task == Task::Classification) j["validation_accuracy"] = number(m.validationAccuracy);
    else j["validation_r2"] = number(m.validationR2);
    j["best_epoch"] = m.bestEpoch;
    j["stopped_early"] = m.stoppedEarly;
    j["diverged"] = m.diverged;
}

Json modelResultToJson(Task task, const ModelMetrics& m, const ModelCost& cost,
                       const std::vector<RoutingStats>& routingLayers, bool withTraining) {
    Json j = Json::object();
    if (task == Task::Classification) {
        j["test_accuracy"] = number(m.testAccuracy);
    } else {
        j["test_r2"] = number(m.testR2);
        j["test_mse"] = number(m.testMse);
    }
    j["test_loss"] = number(m.testLoss);
    if (withTraining) {
        j["train_loss"] = number(m.trainLoss);
        j["train_seconds"] = number(m.trainSeconds);
        addValidationFields(j, task, m);
    }
    j["params_total"] = cost.paramsTotal;
    j["params_active"] = cost.paramsActive;
    j["flops_per_sample"] = number(cost.flopsPerSample);
    if (!routingLayers.empty()) {
        j["gate_flops"] = number(cost.gateFlops);
        j["expert_flops"] = number(cost.expertFlops);
        j["combine_flops"] = number(cost.combineFlops);
        j["routing"] = routingStatsToJson(routingLayers.front());
        if (routingLayers.size() > 1) {
            Json layers = Json::array();
            for (const RoutingStats& r : routingLayers) layers.push_back(routingStatsToJson(r));
            j["routing_layers"] = std::move(layers);
        }
    }
    return j;
}

Json routingConventionsJson(const ModelConfig& config) {
    Json j = Json::object();
    std::string router =
        std::string(routerName(config.router)) + ": " + routerDescription(config.router);
    if (config.router == RouterKind::SoftmaxTopK && !(config.renormalize && config.topK > 1))
        router += " Here the weights are the raw p (top-1, or --raw-gate).";
    j["router"] = std::move(router);
    const auto capacity = [&](double factor) -> std::string {
        if (!(factor > 0.0)) return "none (dropless)";
        char text[32];
        std::snprintf(text, sizeof text, "%g", factor);
        return "C = ceil(" + std::string(text) + " * T * k / E) per expert, filled " +
               capacityPolicyName(config.capacityPolicy) + "; dropped assignments weigh 0, " +
               (config.renormalizeAfterDrop ? "survivors renormalised"
                                            : "survivors not renormalised");
    };
    if (config.router == RouterKind::ExpertChoice) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", config.expertChoiceFactor);
        const std::string own = "expert choice: each expert takes C = max(1, round-half-up(T * " + std::string(text) +
                                " / E)) samples of the batch; no capacity factor applies";
        j["capacity_training"] = own;
        j["capacity_evaluation"] = own;
    } else {
        j["capacity_training"] = capacity(config.capacityFactor);
        j["capacity_evaluation"] = capacity(config.inferenceCapacityFactor());
    }
    j["expert_load"] = "assignments to each expert / all assignments, after capacity, test split";
    j["load_cv"] = "population standard deviation / mean of the expert loads";
    j["usage_entropy"] = "-sum f ln f / ln E (1 = balanced)";
    j["gate_entropy"] = "mean per-sample H(p) / ln E";
    j["balance_loss"] = "Switch L_bal / alpha on the test split (1 = balanced, E = collapse)";
    j["z_loss"] = "ST-MoE router z-loss / beta on the test split";
    j["flops"] = "forward pass per sample, a multiply-add counts 2";
    return j;
}

Json runSummaryToJson(const RunSummary& s) {
    Json dataset = Json::object();
    dataset["name"] = s.datasetName;
    dataset["task"] = s.task == Task::Classification ? "classification" : "regression";
    dataset["samples"] = s.samples;
    dataset["features"] = s.features;
    dataset["classes"] = s.classes;
    dataset["train_samples"] = s.trainSamples;
    dataset["validation_samples"] = s.validationSamples;
    dataset["test_samples"] = s.testSamples;

    Json j = Json::object();
    j["dataset"] = std::move(dataset);
    j["config"] = configToJson(s.config);
    j["epochs_completed"] = s.snapshot.epoch;
    const std::vector<RoutingStats> layers = s.snapshot.layers.empty()
                                                 ? std::vector<RoutingStats>{s.snapshot.routing}
                                                 : s.snapshot.layers;
    j["moe"] = modelResultToJson(s.task, s.snapshot.moe, s.cost.moe, layers);
    j["dense_equal_params"] =
        modelResultToJson(s.task, s.snapshot.denseEqualParams, s.cost.denseEqualParams, {});
    j["dense_equal_compute"] =
        modelResultToJson(s.task, s.snapshot.denseEqualCompute, s.cost.denseEqualCompute, {});
    j["savings"] = {{"flops_vs_dense_equal_params", number(s.cost.savingVsDenseParams())}};
    j["conventions"] = routingConventionsJson(s.config.model);
    j["diverged"] = s.divergences;
    return j;
}

}  // namespace moe
