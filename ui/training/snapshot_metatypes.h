#pragma once
// Intended usage: the core's value types as Qt metatypes, so they can travel through queued
// signals from the training thread. Include this header wherever such a signal is declared
// and call registerSnapshotMetaTypes() once before the first queued connection.

#include "core/cost/cost_report.h"
#include "core/cost/latency_report.h"
#include "core/cost/savings_tally.h"
#include "core/data/dataset.h"
#include "core/train/gate_matrix.h"
#include "core/train/run_config.h"
#include "core/train/run_record.h"
#include "core/train/snapshot.h"
#include "core/train/sample_inspector.h"
#include "core/train/top_k_point.h"

#include <QList>
#include <QMetaType>

#include <vector>

Q_DECLARE_METATYPE(moe::EpochSnapshot)
Q_DECLARE_METATYPE(moe::BatchProgress)
Q_DECLARE_METATYPE(moe::TerritoryGrid)
Q_DECLARE_METATYPE(moe::CostReport)
Q_DECLARE_METATYPE(moe::Dataset)
Q_DECLARE_METATYPE(moe::RunConfig)
Q_DECLARE_METATYPE(std::shared_ptr<moe::SampleInspector>)
Q_DECLARE_METATYPE(std::vector<moe::GateMatrix>)
Q_DECLARE_METATYPE(moe::LatencyReport)
Q_DECLARE_METATYPE(moe::SavingsTally)
Q_DECLARE_METATYPE(moe::RunRecord)
Q_DECLARE_METATYPE(std::vector<moe::TopKPoint>)

namespace moe::ui {

/// Idempotent; safe to call from any thread.
void registerSnapshotMetaTypes();

}  // namespace moe::ui
