#pragma once
// Intended usage: the GUI's single handle on training. It owns a TrainingWorker on its own
// QThread; the GUI thread never trains. Give it the dataset and settings with setSetup()
// (applied at once while idle: a new run is built), drive it with train/pause/step/stop/
// reset, and read the latest values (history, territory, cost) when its signals say they
// changed. Views redraw from those values on their own timers.
//
//   TrainingController c;
//   c.setSetup(dataset, config);
//   connect(&c, &TrainingController::historyChanged, view, [&] { view->setHistory(c.history()); });
//   c.train();
//
// Pause and Stop set the worker's atomic flag directly, so they take effect at the next
// batch even while the worker's event loop is busy training.

#include "core/cost/cost_report.h"
#include "core/data/dataset.h"
#include "core/train/run_config.h"
#include "core/train/run_record.h"
#include "core/train/snapshot.h"
#include "core/train/training_pace.h"
#include "ui/training/snapshot_metatypes.h"
#include "ui/training/training_state.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <memory>
#include <optional>

namespace moe {
class Experiment;
}

namespace moe::ui {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    /// Cancels a running epoch, stops the thread and waits for it.
    ~TrainingController() override;

    /// The data and settings of the next run. While idle, the run is rebuilt at once.
    /// Invalid settings leave the controller Empty (nothing to train) until fixed.
    void setSetup(const moe::Dataset& data, const moe::RunConfig& config);

    /// Shows a run restored from a session file (moe::openSession) instead of building one:
    /// its data, settings, history, cost, latency and saved-compute tally are taken as
    /// saved; territory, inspector, gate matrices and top-k sweep follow from the worker,
    /// computed from the saved weights (and latency, measured, when the session has none).
    /// A restored run with epochs done has ended (Finished when it reached its planned
    /// epochs or every model stopped early or diverged, else Stopped): Step is off and Train starts
    /// a new run. Emits experimentReset() and then the changed signals, as a rebuild does.
    void restoreRun(std::unique_ptr<moe::Experiment> experiment, const moe::CostReport& cost,
                    const std::optional<moe::LatencyReport>& latency, const moe::SavingsTally& savings);

    TrainingState state() const { return m_state; }
    bool isBusy() const;
    bool canTrain() const;
    bool canPause() const;
    bool canStep() const;
    bool canStop() const;
    bool canReset() const;

    const moe::Dataset& data() const { return m_data; }
    const moe::RunConfig& config() const { return m_config; }
    /// Epoch 0 (the untrained models) followed by every completed epoch.
    const QList<moe::EpochSnapshot>& history() const { return m_history; }
    /// The run's result: once it finished, each model at the epoch whose weights it kept
    /// (moe::keptSnapshot: its best validation epoch); before that the last epoch, except
    /// for a model that already stopped early or diverged (moe::lastEpochResult). Empty
    /// without history.
    moe::EpochSnapshot result() const;
    /// One line per model of this run that diverged (model, epoch and batch, the weights
    /// kept, what to try), naming the settings as this window does; empty when none did.
    const QStringList& divergences() const { return m_divergences; }
    int epochsCompleted() const;
    int epochsPlanned() const { return m_config.train.epochs; }
    const moe::TerritoryGrid& territory() const { return m_territory; }
    /// A gate inspector over a copy of the latest model, for the GUI thread only; null
    /// before the first build. Replaced (never changed) as training goes on.
    const std::shared_ptr<moe::SampleInspector>& inspector() const { return m_inspector; }
    /// Gate probabilities of the test split, one matrix per MoE layer (latest epoch batch).
    const std::vector<moe::GateMatrix>& gateMatrices() const { return m_gateMatrices; }
    const moe::CostReport& cost() const { return m_cost; }
    bool hasCost() const { return m_hasCost; }
    /// Share of the planned work done, 0..1, including the running epoch's batches.
    double progress() const;
    /// Estimated seconds to the end of the run, or a negative value when unknown.
    double secondsRemaining() const;
    QString lastError() const { return m_lastError; }
    /// The trained MoE with k = 1..E at inference (empty: not yet, or no k to vary).
    const std::vector<moe::TopKPoint>& topKSweep() const { return m_topK; }
    /// Inference latency of the three models, measured when they are built and when a run
    /// ends; hasLatency() is false until the first measurement of this experiment arrives.
    const moe::LatencyReport& latency() const { return m_latency; }
    bool hasLatency() const { return m_hasLatency; }
    /// Every sample the MoE has predicted in inference since the program started, across
    /// runs, with the FLOPs spent and those the dense-equal-params model would have spent.
    const moe::SavingsTally& savings() const { return m_savings; }
    /// Counts `samples` predictions made outside the trainer (a gate inspection, say) at
    /// the current run's FLOPs per sample.
    void addPredictions(qint64 samples);
    /// While training: asks the worker for a model and history that belong together after
    /// the running epoch; checkpointReady() says when they are in. Ignored when idle (the
    /// state is then consistent anyway).
    void requestCheckpoint();
    /// The speed the worker trains at (core/train/training_pace.h); kept in the session.
    /// Takes effect at the next batch, also in a run under way.
    void setSpeed(moe::TrainingSpeed speed);
    moe::TrainingSpeed speed() const { return m_speed; }

public slots:
    void train();
    void pause();
    /// Step epoch: train exactly one more epoch, then pause.
    void step();
    /// Step batch: train exactly one more batch, then pause (mid-epoch).
    void stepBatch();
    void stop();
    void reset();

signals:
    void stateChanged(moe::ui::TrainingState state);
    void speedChanged(moe::TrainingSpeed speed);
    /// A new experiment was built: history, cost and territory start over.
    void experimentReset();
    void historyChanged();
    void territoryChanged();
    void inspectorChanged();
    void gateMatricesChanged();
    void costChanged();
    void progressChanged();
    /// A run (or a step) ended; `finished` when all planned epochs are done.
    void runEnded(bool finished);
    void errorOccurred(const QString& message);
    /// divergences() has a new line.
    void divergencesChanged();
    void topKSweepChanged();
    void latencyChanged();
    void savingsChanged();
    /// A run ended (all epochs done, or stopped): its record, for the run history.
    void runRecorded(const moe::RunRecord& record);
    /// history() ends at `epoch` and inspector() holds the model after it (see requestCheckpoint).
    void checkpointReady(int epoch);

private:
    void setState(TrainingState state);
    void rebuild();
    void startRun(RunLength length);
    bool isCurrent(int generation) const { return generation == m_generation; }

    void onRebuilt(int generation, const moe::CostReport& cost, const moe::EpochSnapshot& initial,
                   const moe::TerritoryGrid& territory);
    void onRebuildFailed(int generation, const QString& message);
    void onEpochsDone(int generation, const QList<moe::EpochSnapshot>& snapshots);
    void onBatchProgress(int generation, const moe::BatchProgress& progress);
    void onTerritory(int generation, const moe::TerritoryGrid& territory);
    void onInspector(int generation, const std::shared_ptr<moe::SampleInspector>& inspector);
    void onGateMatrices(int generation, const std::vector<moe::GateMatrix>& matrices);
    void onRunEnded(int generation, bool finished, int epochsCompleted);
    void onTopKSweep(int generation, const std::vector<moe::TopKPoint>& points);
    void onLatency(int generation, const moe::LatencyReport& latency);
    void onPredicted(const moe::SavingsTally& delta);
    void onDiverged(int generation, const QStringList& messages);

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;  // lives on m_thread; deleted when it finishes
    TrainingState m_state = TrainingState::Empty;
    moe::TrainingSpeed m_speed = moe::TrainingSpeed::Full;
    TrainingState m_afterStop = TrainingState::Paused;
    int m_generation = 0;
    bool m_setupValid = false;

    moe::Dataset m_data;
    moe::RunConfig m_config;
    QList<moe::EpochSnapshot> m_history;
    moe::TerritoryGrid m_territory;
    std::shared_ptr<moe::SampleInspector> m_inspector;
    std::vector<moe::GateMatrix> m_gateMatrices;
    moe::CostReport m_cost;
    bool m_hasCost = false;
    moe::BatchProgress m_batch;
    QString m_lastError;
    QStringList m_divergences;
    std::vector<moe::TopKPoint> m_topK;
    moe::LatencyReport m_latency;
    bool m_hasLatency = false;
    moe::SavingsTally m_savings;
    /// A restored session set m_savings; predictions the worker sent before it took the
    /// restored run (its first territory) were counted in the session already or belong to
    /// a build the session replaced, so they are not added.
    bool m_awaitingAdopt = false;

    QElapsedTimer m_runClock;
    double m_runStartProgress = 0.0;
};

}  // namespace moe::ui
