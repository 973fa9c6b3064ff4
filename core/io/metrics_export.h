#pragma once
// Intended usage: the per-epoch metrics and routing statistics of a run (the Experiment's
// history, or a RunRecord's) as a CSV table or a JSON document, for a spreadsheet, pandas
// or a plotting script. docs/metrics-format.md lists every column and key.
//
//   if (Status s = writeMetricsFile("run.csv", experiment.history(), data.task); !s)
//       std::cerr << s.error() << '\n';                  // names the file and the reason
//
// CSV: one header row, then one row per snapshot (epoch 0 = before training, when the
// history has it); numbers in shortest round-trip form, an empty cell where a value does
// not apply (NaN). The routing columns are those of the first MoE layer, and with several
// layers every layer's again under a "layerN_" prefix (N from 1). Per-expert values are
// spread over columns expert_load_1..E and mean_gate_1..E.
// JSON: {"format": "moe-explorer-metrics", "version": 1, "task", "epochs": [...]} where each
// epoch has "epoch", "elapsed_seconds", the three models' metrics and "routing" in the
// form of `moe train --json` (routingStatsToJson), plus "routing_layers" with several layers.
// Both are written atomically: a failed write leaves no partial file.

#include "core/data/dataset.h"
#include "core/train/snapshot.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace moe {

/// The CSV table: header + history.size() rows, every row with as many cells as the header.
std::string metricsToCsv(const std::vector<EpochSnapshot>& history, Task task);

nlohmann::ordered_json metricsToJson(const std::vector<EpochSnapshot>& history, Task task);

/// Writes CSV or JSON by the suffix of `path` (.csv or .json, any case); anything else is
/// refused with a message before a file is touched.
Status writeMetricsFile(const std::string& path, const std::vector<EpochSnapshot>& history, Task task);

}  // namespace moe
