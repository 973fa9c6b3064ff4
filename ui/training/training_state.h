#pragma once
// The life of one run, as the controls see it. Which buttons make sense follows from it
// (TrainingController::canTrain() and friends).

namespace moe::ui {

/// How much one run of the worker trains: to the end, one epoch (Step epoch), or one batch
/// (Step batch).
enum class RunLength { All, Epoch, Batch };

enum class TrainingState {
    Empty,     ///< no usable experiment: invalid settings or a failed build
    Building,  ///< an experiment is being built from new settings
    Ready,     ///< built, nothing trained yet
    Running,   ///< training until the planned epochs are done
    Stepping,  ///< training exactly one epoch (or one batch)
    Stopping,  ///< Pause or Stop was asked for; the worker ends at the next batch
    Paused,    ///< stopped mid-run; Train resumes, Step adds one epoch
    Stopped,   ///< ended early by Stop; Train starts a new run
    Finished,  ///< all planned epochs done; Train starts a new run
};

}  // namespace moe::ui
