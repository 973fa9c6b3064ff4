#pragma once
// Intended usage: how fast the GUI trains, so that a learner can watch territories move
// and load shift. At full speed nothing waits (training is exactly as fast as without a
// pace); at the slower speeds the trainer's observer waits after each batch until the
// batch's share of the epoch's target time has passed, so an epoch takes about
// epochSeconds() however many batches it has, and every view is refreshed at every step.
//
//   TrainingPace pace(TrainingSpeed::Slow);                 // about one epoch a second
//   // in TrainingObserver::onBatch, after batch b of B (b counted from 1):
//   pace.wait(pace.waitAfterBatch(b, B, Clock::now() - epochStart), stopFlag);
//
// Stepping one batch or one epoch needs no pace: an observer that returns false after one
// batch makes Experiment::runEpoch() stop there, and the next call resumes mid-epoch.
// The speed's name is what session files and settings store (speedName / parseSpeed).

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class TrainingSpeed { Full, Fast, Moderate, Slow };

/// "full", "fast", "moderate", "slow".
const char* speedName(TrainingSpeed s);
std::optional<TrainingSpeed> parseSpeed(const std::string& name);
/// For a menu or a combo box, short: "Full speed", "~10 epochs/s", ..., "Slow motion, ~1 epoch/s".
const char* speedLabel(TrainingSpeed s);
/// Every speed, fastest first.
const std::vector<TrainingSpeed>& allSpeeds();

class TrainingPace {
public:
    using Duration = std::chrono::steady_clock::duration;

    explicit TrainingPace(TrainingSpeed speed = TrainingSpeed::Full) : m_speed(speed) {}

    TrainingSpeed speed() const { return m_speed; }
    /// The least time an epoch should take; 0 at full speed.
    double epochSeconds() const;
    /// Whether the views are refreshed after every batch (every speed but full).
    bool everyStepShown() const { return m_speed != TrainingSpeed::Full; }

    /// How long to wait after batch `batch` (1-based) of `batches`, `sinceEpochStart` after
    /// the epoch began, so that it ends no sooner than batch / batches of epochSeconds().
    /// Zero at full speed or when training is already slower than the pace.
    Duration waitAfterBatch(int batch, int batches, Duration sinceEpochStart) const;

    /// Sleeps `duration` in short slices, returning early (false) as soon as `stop` is set,
    /// so that a Stop or Pause clicked during a slow epoch takes effect at once.
    static bool wait(Duration duration, const std::atomic<bool>& stop);

private:
    TrainingSpeed m_speed;
};

}  // namespace moe
