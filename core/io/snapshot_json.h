#pragma once
// Intended usage: a run's per-epoch values (EpochSnapshot: the three models' metrics and
// every MoE layer's routing statistics) to JSON and back, exactly: every double reads back
// bit for bit, NaN ("does not apply") is written as null and read back as NaN. A session
// file stores the history this way, so reopened views show the numbers they showed.
//
//   nlohmann::ordered_json h = historyToJson(experiment.history());
//   std::vector<EpochSnapshot> back = historyFromJson(h, "history", shape);  // throws JsonFieldError
//
// The routing keys are those of `moe train --json` (routingStatsToJson). A snapshot's
// "routing" is its first MoE layer, so only "layers" is stored (docs/session-format.md).
// The readers throw JsonFieldError naming the field; they are meant for loaders in core/io,
// which turn it into a Result.

#include "core/train/snapshot.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace moe {

/// The shape every snapshot of one run must have, from its config and dataset.
struct SnapshotShape {
    int experts = 0;
    int layers = 0;   ///< MoE layers of the network
    int classes = 0;  ///< 0 for regression (no class x expert table)
    int epochs = 0;   ///< planned epochs: no snapshot may claim more
};

nlohmann::ordered_json modelMetricsToJson(const ModelMetrics& metrics);
ModelMetrics modelMetricsFromJson(const nlohmann::ordered_json& json, const std::string& path);

/// An empty RoutingStats (no samples routed) reads back empty; otherwise every per-expert
/// array has shape.experts entries and class_expert is classes x experts.
RoutingStats routingStatsFromJson(const nlohmann::ordered_json& json, const std::string& path,
                                  const SnapshotShape& shape);

nlohmann::ordered_json epochSnapshotToJson(const EpochSnapshot& snapshot);
EpochSnapshot epochSnapshotFromJson(const nlohmann::ordered_json& json, const std::string& path,
                                    const SnapshotShape& shape);

/// Epoch 0 first, then consecutive epochs; the reader checks that order and that the
/// history is not empty.
nlohmann::ordered_json historyToJson(const std::vector<EpochSnapshot>& history);
std::vector<EpochSnapshot> historyFromJson(const nlohmann::ordered_json& json, const std::string& path,
                                           const SnapshotShape& shape);

}  // namespace moe
