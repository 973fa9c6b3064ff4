#pragma once
// Intended usage: one ended run kept as a plain value - what it was trained on, its
// configuration, its cost, and the snapshot of every epoch - so that runs can be listed,
// compared and overlaid after the models themselves are gone, and saved in a session file.
// No Qt, no Eigen: copy it anywhere.
//
//   RunRecord r = makeRunRecord(data, config, cost, history, RunEnd::Finished,
//                               std::chrono::system_clock::now());
//   double acc = r.result().moe.testAccuracy;   // the scores of the weights each model kept
//   for (const EpochSnapshot& s : r.history) plot(s.epoch, s.moe.testLoss);

#include "core/cost/cost_report.h"
#include "core/data/dataset.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace moe {

/// How a run ended: all planned epochs done, or Stop pressed before.
enum class RunEnd { Finished, Stopped };

const char* runEndName(RunEnd end);

struct RunRecord {
    int id = 0;                          ///< 1, 2, ... in the order runs ended (set by the owner)
    std::string datasetName;
    Task task = Task::Classification;
    std::size_t samples = 0;             ///< rows of the whole dataset
    std::size_t features = 0;
    int classes = 0;                     ///< 0 for regression
    RunConfig config;
    CostReport cost;
    /// Epoch 0 (the untrained models) followed by every completed epoch; never empty.
    std::vector<EpochSnapshot> history;
    RunEnd end = RunEnd::Finished;
    std::string endedAt;                 ///< UTC, ISO 8601: "2026-11-28T16:05:09Z"

    const EpochSnapshot& last() const { return history.back(); }
    /// The run's scores: a finished run's at the epoch each model kept (moe::keptSnapshot),
    /// a stopped one's at the last epoch, except for models that had already stopped early
    /// or diverged (moe::lastEpochResult).
    EpochSnapshot result() const;
    int epochsCompleted() const { return history.empty() ? 0 : history.back().epoch; }
    /// Wall time of the whole run (the three models trained side by side), seconds.
    double wallSeconds() const { return history.empty() ? 0.0 : history.back().elapsedSeconds; }
};

/// A record of a run of `config` on `data` whose epochs are `history` (epoch 0 first, not
/// empty). `endedAt` is written as UTC ISO 8601.
RunRecord makeRunRecord(const Dataset& data, const RunConfig& config, const CostReport& cost,
                        std::vector<EpochSnapshot> history, RunEnd end,
                        std::chrono::system_clock::time_point endedAt);

/// Whether every model of `last` (a history's last entry) stopped early or diverged: the run
/// has ended even if it did not reach its planned epochs.
bool everyModelEnded(const EpochSnapshot& last);

/// Which epoch the scores of RunRecord::result() are of for model `m` (the last entry's
/// metrics, with their flags), in words, for a run of `epochsCompleted` epochs ended by Stop
/// when `runStopped`: "epoch 87, the lowest validation loss; stopped early", "epoch 200,
/// the last", "epoch 12, the best before training diverged", "epoch 40, the last (the run
/// was stopped)". Empty when the epoch is not known.
std::string scoresEpochNote(const ModelMetrics& m, int epochsCompleted, bool runStopped = false);

/// "2026-11-28T16:05:09Z".
std::string isoUtc(std::chrono::system_clock::time_point t);

}  // namespace moe
