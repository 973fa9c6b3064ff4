#pragma once
// Intended usage: TrainingController's worker. It lives on the controller's QThread and
// owns the Experiment; its slots are invoked by queued calls, its results go back as
// queued signals carrying values. Cancellation is an atomic flag that the GUI thread sets
// directly (requestStop), read by the observer between batches: it never waits for the
// worker's event loop, which is busy while training.
//
// Throttling: finished epochs are sent in batches at most every kEmitInterval; the gate
// matrices of the test split and an inspector copy with them (<= 20 Hz); the territory grid,
// which costs one forward pass per cell, and the top-k sweep at most every
// kTerritoryInterval. While a run trains, these views' computations take at most
// kLiveViewShare of its wall time (LiveViewBudget), so a heavy dataset refreshes its views
// less often instead of training slower; after a rebuild and when a run ends every view is
// computed in full. Every signal carries the generation of the rebuild it
// belongs to, so the controller can drop results of an experiment it has replaced.
//
// Speed (core/train/training_pace.h): at full speed nothing above changes. At a slower
// speed the observer waits after each batch so an epoch takes about the pace's time, and
// the model views (territory, inspector, gate matrices) are sent after every batch (at most
// kEmitInterval apart) and every epoch, so a learner sees territories move step by step.
// A run may also be one batch long (Step batch).

#include "core/data/dataset.h"
#include "core/train/experiment.h"
#include "core/train/run_config.h"
#include "core/train/training_pace.h"
#include "ui/training/live_view_budget.h"
#include "ui/training/snapshot_metatypes.h"
#include "ui/training/training_state.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <vector>
#include <chrono>
#include <memory>

namespace moe::ui {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kEmitInterval{50};        // <= 20 Hz
    static constexpr std::chrono::milliseconds kTerritoryInterval{250};  // <= 4 Hz
    /// Cells along the longer side of the territory grid: fewer while training, so that a
    /// Stop clicked during the computation still lands quickly; full detail when a run ends.
    static constexpr int kTerritoryCells = 160;
    static constexpr int kTerritoryCellsLive = 112;
    /// The most of a run's wall time that the live views' computations may take.
    static constexpr double kLiveViewShare = 0.08;
    /// Rows of the batch whose latency is measured (the toy benchmark's batch).
    static constexpr int kLatencyBatch = 128;
    /// Short enough (<= ~0.4 s for all six figures) not to hold up the next Train.
    static constexpr moe::LatencyOptions kLatencyOptions{2, 7, 0.002, 0.08};

    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    /// Thread-safe: makes the running epoch return at the next batch boundary.
    void requestStop() { m_stop.store(true, std::memory_order_relaxed); }
    /// Thread-safe; called by the controller before it queues a new run.
    void clearStop() { m_stop.store(false, std::memory_order_relaxed); }
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    /// Thread-safe: after the epoch being trained, send every finished epoch, an inspector
    /// over the model as it is then, and checkpointReady() - so that the receiver holds a
    /// model and a history that belong together (an autosave while training).
    void requestCheckpoint() { m_checkpoint.store(true, std::memory_order_relaxed); }
    /// Thread-safe; the controller names its newest rebuild before queuing it, so a
    /// rebuild that is already replaced skips its optional extras (sweep, latency).
    void setLatestGeneration(int generation) { m_latestGeneration.store(generation, std::memory_order_relaxed); }
    /// Thread-safe; takes effect at the next batch, also in a run under way.
    void setSpeed(moe::TrainingSpeed speed) { m_speed.store(static_cast<int>(speed), std::memory_order_relaxed); }
    moe::TrainingSpeed speed() const { return static_cast<moe::TrainingSpeed>(m_speed.load(std::memory_order_relaxed)); }

    // Worker thread only (invoked through queued calls).
    void rebuild(int generation, const moe::Dataset& data, const moe::RunConfig& config);
    void run(int generation, RunLength length);
    /// Takes over `experiment` (restored from a session file, or built elsewhere) as this
    /// generation's run and sends what the views compute from its weights: territory,
    /// inspector, gate matrices, top-k sweep. Predictions are not counted (the session
    /// brings its saved-compute tally); latency is measured only if `measureLatency` (a
    /// session saved before any was measured).
    void adopt(int generation, std::unique_ptr<moe::Experiment> experiment, bool measureLatency);

signals:
    void rebuilt(int generation, const moe::CostReport& cost, const moe::EpochSnapshot& initial,
                 const moe::TerritoryGrid& territory);
    void rebuildFailed(int generation, const QString& message);
    void epochsDone(int generation, const QList<moe::EpochSnapshot>& snapshots);
    /// The cost changed since it was last sent (top-p counts the experts per sample measured
    /// in the latest epoch, then in the kept one): after epochsDone, and before runEnded.
    void costReady(int generation, const moe::CostReport& cost);
    void batchProgress(int generation, const moe::BatchProgress& progress);
    void territoryReady(int generation, const moe::TerritoryGrid& territory);
    /// A gate inspector over a copy of the model as it is now (the GUI thread owns it):
    /// after a rebuild, with every batch of finished epochs (<= 20 Hz) and when a run ends.
    void inspectorReady(int generation, const std::shared_ptr<moe::SampleInspector>& inspector);
    void gateMatricesReady(int generation, const std::vector<moe::GateMatrix>& matrices);
    /// A model of this run has diverged since the last time: every divergence message of the
    /// run so far (model, epoch and batch, what to try). Sent after the epochs that show it.
    void diverged(int generation, const QStringList& messages);
    /// `finished`: all planned epochs are done. Sent after the last epochsDone of the run.
    void runEnded(int generation, bool finished, int epochsCompleted);
    /// Answers requestCheckpoint(): the epochs up to `epoch` and an inspector over the model
    /// after that epoch were sent just before.
    void checkpointReady(int generation, int epoch);
    /// The trained MoE with k = 1..E at inference; with the territory while training, and
    /// when a run ends. Empty when the router has no k to vary.
    void topKSweepReady(int generation, const std::vector<moe::TopKPoint>& points);
    /// Inference latency of the three models: measured when the models are built and when
    /// a run ends (finished, paused or stopped), never while an epoch trains.
    void latencyReady(int generation, const moe::LatencyReport& latency);
    /// Samples the MoE has just predicted in inference (test evaluations, territory grids,
    /// the top-k sweep) with the FLOPs they cost and would have cost the dense model.
    void predicted(const moe::SavingsTally& delta);

private:
    class Observer;
    using Clock = std::chrono::steady_clock;

    moe::TerritoryGrid computeTerritory(int cells = kTerritoryCells);
    void emitTopKSweep(int generation);
    void emitLatency(int generation);
    void emitCostIfChanged(int generation);
    void countPredictions(std::int64_t samples);
    void emitPendingPredictions();
    void flushEpochs(int generation);
    void reportDivergences(int generation);
    void emitModelViews(int generation);
    /// After a batch at a slow speed: the territory and the model views, <= kEmitInterval.
    void emitStepViews(int generation);

    std::unique_ptr<moe::Experiment> m_experiment;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_checkpoint{false};
    std::atomic<int> m_latestGeneration{0};
    std::atomic<int> m_speed{static_cast<int>(moe::TrainingSpeed::Full)};
    Clock::time_point m_lastStepViews{};
    QList<moe::EpochSnapshot> m_pending;
    double m_sentMoeFlops = 0.0;  ///< the MoE's FLOPs per sample in the cost last sent
    std::size_t m_divergencesSent = 0;  ///< messages of the current experiment already sent
    moe::SavingsTally m_pendingPredictions;  ///< epochs' test evaluations not yet sent
    Clock::time_point m_lastEmit{};
    Clock::time_point m_lastTerritory{};
    LiveViewBudget m_viewBudget{kLiveViewShare};
};

}  // namespace moe::ui
