#pragma once
// Intended usage: everything a run report shows, as values: the data, where it came from,
// the configuration, every epoch, the cost, the top-k sweep, the measured latency, the gate
// matrices, the territory grid and the person's notes. The window fills it from its
// TrainingController, `moe train --report` from its Experiment, so both make the same
// report through RunReport.
//
//   ReportInput in = reportInputFromExperiment(experiment, moe::DatasetSource::generated(params));
//   in.importNotes = loaded.notes;                               // a CSV file: what its import did
//   in.notes = notesEdit->toPlainText();
//   RunReport report(in);

#include "core/cost/cost_report.h"
#include "core/cost/latency_report.h"
#include "core/data/dataset.h"
#include "core/data/dataset_source.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_description.h"
#include "core/scale/weight_dtype.h"
#include "core/train/gate_matrix.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"
#include "core/train/top_k_point.h"

#include <QString>

#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace moe {
class Experiment;
struct RoutingTrace;
struct TraceStats;
}

namespace moe::ui {

/// What the Cost tab's "At scale" page shows, as values: a transformer MoE language model
/// (a preset or the person's edit of one), the context and dtype of its figures, and how its
/// routed experts are spread over ranks. ui/scale computes the figures from it with core.
struct AtScaleInput {
    moe::LlmDescription model;
    QString preset;                   ///< the preset it started from ("mixtral-8x7b"), empty: none
    int context = 4096;
    moe::WeightDtype dtype = moe::WeightDtype::Bf16;  ///< weights and the all-to-all's activations
    int ranks = 8;
    moe::Placement placement = moe::Placement::Contiguous;
    std::vector<double> loads;        ///< each routed expert's load; empty: uniform routing
    QString routing;                  ///< where the loads come from ("uniform", the trained model)
    double tokensPerRank = 4096.0;
    double rankFlopsPerSecond = 400e12;
    double rankBytesPerSecond = 50e9;
};

struct ReportInput {
    moe::Dataset data;                          ///< the whole dataset: names, and points on the map
    moe::DatasetSource origin;                  ///< generator and parameters, bundled name, or file and options
    std::vector<std::string> importNotes;       ///< a CSV file: what the import did (rows dropped, ...)
    moe::RunConfig config;
    std::vector<moe::EpochSnapshot> history;    ///< epoch 0 (untrained) first when present
    /// The run's scores: each model at the epoch whose weights it kept (TrainingController::
    /// result(), Experiment::snapshot()); routing at the MoE's kept epoch. Epoch 0 before any training.
    moe::EpochSnapshot result;
    bool stopped = false;                       ///< ended by Stop before its planned epochs
    moe::CostReport cost;
    std::vector<moe::TopKPoint> topK;           ///< the trained MoE with k = 1..E at inference; empty: none
    std::optional<moe::LatencyReport> latency;  ///< inference latency measured on this machine, if any
    std::vector<moe::GateMatrix> gateMatrices;  ///< test split, one per MoE layer; empty: none
    moe::TerritoryGrid territory;               ///< empty: no map (data with fewer than two features)
    QString notes;                              ///< the person's own words, plain text
    std::optional<AtScaleInput> atScale;        ///< the At scale page, when the person used it
    /// A routing trace open in the window, reported in a section of its own; null: none.
    std::shared_ptr<const moe::RoutingTrace> trace;
    std::shared_ptr<const moe::TraceStats> traceStats;  ///< computeTraceStats(*trace)
    QString tracePath;
};

/// The territory of `experiment` on a grid of square cells (`cells` along the longer side),
/// as the window draws it: equal units on both axes. Empty for data with one feature.
moe::TerritoryGrid squareCellTerritory(const moe::Experiment& experiment, int cells);

/// The input of a finished (or stopped) Experiment: its values, the top-k sweep, the gate
/// matrices, the latency measured now (as the window measures it, a fraction of a second)
/// and a territory grid of `cells` cells along the longer side (square cells, as the window
/// draws it).
ReportInput reportInputFromExperiment(const moe::Experiment& experiment, const moe::DatasetSource& origin,
                                      int cells = 160);

}  // namespace moe::ui
