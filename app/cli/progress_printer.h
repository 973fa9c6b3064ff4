#pragma once
// Intended usage: the observer `moe train` runs with. On a terminal it redraws one line on
// stderr - a bar, the epoch, the MoE's batch loss - at most ten times a second; anywhere
// else (a pipe, a file, a test) it prints nothing, so stderr carries errors only.
//
//   ProgressPrinter progress(stderrIsTerminal(), config.train.epochs);
//   experiment.run(progress);
//   progress.finish();     // ends the redrawn line

#include "core/train/training_observer.h"

#include <chrono>

namespace moe::cli {

class ProgressPrinter final : public TrainingObserver {
public:
    ProgressPrinter(bool enabled, int epochs);

    bool onBatch(const BatchProgress& progress) override;
    bool onEpoch(const EpochSnapshot& snapshot) override;
    /// Moves past the progress line (if one was drawn).
    void finish();

private:
    void draw(double fraction, int epoch, int epochs, double loss, bool force);

    bool m_enabled = false;
    bool m_drawn = false;
    int m_epochs = 0;  ///< planned epochs
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace moe::cli
