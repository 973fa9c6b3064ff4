#pragma once
// Intended usage: the result of one run as the JSON object `moe train --json` prints
// (design.md's CONTRACT) - dataset, config, the MoE and both dense baselines, the FLOP
// saving - built from plain values so the GUI's report can print the same object.
//
//   RunSummary s = summarizeRun(experiment);          // after experiment.run(observer)
//   std::cout << toJsonText(runSummaryToJson(s)) << '\n';
//
// MODEL_RESULT keys: test_accuracy (classification) or test_r2 + test_mse (regression),
// test_loss, train_loss, train_seconds, validation_loss and validation_accuracy (or
// validation_r2; null without a validation split), best_epoch (the epoch whose weights and
// scores these are), stopped_early, diverged, params_total, params_active, flops_per_sample, and
// for the MoE gate/expert/combine FLOPs, "routing" and, with several MoE layers,
// "routing_layers". NaN metrics (a diverged run) are null.

#include "core/cost/cost_report.h"
#include "core/data/dataset.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace moe {

class Experiment;

struct RunSummary {
    std::string datasetName;
    Task task = Task::Classification;
    std::size_t samples = 0;  ///< rows of the whole dataset
    std::size_t features = 0;
    int classes = 0;  ///< 0 for regression
    std::size_t trainSamples = 0;
    std::size_t validationSamples = 0;
    std::size_t testSamples = 0;
    RunConfig config;
    EpochSnapshot snapshot;  ///< the run's result: each model at the epoch it kept
    std::vector<std::string> divergences;  ///< one message per model that diverged
    CostReport cost;
};

RunSummary summarizeRun(const Experiment& experiment);

/// {"dataset", "config", "moe", "dense_equal_params", "dense_equal_compute", "savings",
///  "epochs_completed", "conventions", "diverged": [one message per diverged model]}.
nlohmann::ordered_json runSummaryToJson(const RunSummary& summary);

/// Adds validation_loss, validation_accuracy (or validation_r2), best_epoch, stopped_early
/// and diverged of `metrics` to `object` (a MODEL_RESULT, or a metrics export's model).
void addValidationFields(nlohmann::ordered_json& object, Task task, const ModelMetrics& metrics);

/// One MODEL_RESULT. `routingLayers` (empty for a dense model) is the routing of each MoE
/// layer: "routing" is the first, and "routing_layers" lists all when there are several
/// (block mode). `withTraining` false leaves out train_loss and train_seconds (`moe eval`).
nlohmann::ordered_json modelResultToJson(Task task, const ModelMetrics& metrics,
                                         const ModelCost& cost,
                                         const std::vector<RoutingStats>& routingLayers,
                                         bool withTraining = true);

/// expert_load (after capacity) and expert_load_before_capacity, expert_count, mean_gate,
/// load_cv (and before capacity), max_violation, usage_entropy, gate_entropy,
/// router_confidence, dropped_fraction, samples_left_behind, experts_per_sample and its
/// histogram, class_expert and class_expert_nmi (classification), dead_experts,
/// balance_loss, z_loss.
nlohmann::ordered_json routingStatsToJson(const RoutingStats& routing);

/// The conventions behind the routing numbers (moe-spec asks every surface to name them).
nlohmann::ordered_json routingConventionsJson(const ModelConfig& config);

}  // namespace moe
