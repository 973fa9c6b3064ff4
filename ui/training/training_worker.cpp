#include "ui/training/training_worker.h"

#include "ui/training/report_input.h"

#include "core/util/thread_priority.h"

#include <algorithm>
#include <cmath>

namespace moe::ui {

/// Runs on the worker thread inside Experiment::runEpoch: copies values out, checks the
/// stop flag, returns.
class TrainingWorker::Observer final : public moe::TrainingObserver {
public:
    Observer(TrainingWorker& worker, int generation, RunLength length)
        : m_worker(worker), m_generation(generation), m_length(length) {}

    bool onBatch(const moe::BatchProgress& progress) override {
        const auto now = Clock::now();
        const moe::TrainingPace pace(m_worker.speed());
        if (pace.everyStepShown()) {
            // Each batch takes its share of the epoch's time, then the views show it.
            moe::TrainingPace::wait(pace.waitAfterBatch(1, progress.batchesPerEpoch, now - m_lastBatch), m_worker.m_stop);
            emit m_worker.batchProgress(m_generation, progress);
            m_lastProgress = Clock::now();
            if (!m_worker.stopRequested()) m_worker.emitStepViews(m_generation);
        } else if (now - m_lastProgress >= kEmitInterval) {
            m_lastProgress = now;
            emit m_worker.batchProgress(m_generation, progress);
        }
        m_lastBatch = Clock::now();
        return m_length != RunLength::Batch && !m_worker.stopRequested();
    }

    bool onEpoch(const moe::EpochSnapshot& snapshot) override {
        m_worker.m_pending.append(snapshot);
        // The epoch's test evaluation; sent with the epochs, not one signal per epoch.
        const moe::CostReport cost = m_worker.m_experiment->cost();
        m_worker.m_pendingPredictions.add(static_cast<std::int64_t>(m_worker.m_experiment->testSet().rows),
                                          cost.moe.flopsPerSample, cost.denseEqualParams.flopsPerSample);
        return !m_worker.stopRequested();
    }

private:
    TrainingWorker& m_worker;
    int m_generation;
    RunLength m_length;
    Clock::time_point m_lastProgress{};
    Clock::time_point m_lastBatch = Clock::now();
};

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) {}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::rebuild(int generation, const moe::Dataset& data, const moe::RunConfig& config) {
    m_experiment.reset();
    m_pending.clear();
    m_divergencesSent = 0;
    auto created = moe::Experiment::create(data, config);
    if (!created) {
        emit rebuildFailed(generation, QString::fromStdString(created.error()));
        return;
    }
    m_experiment = std::move(created).value();
    m_experiment->lowerWorkerPriority(moe::kBackgroundNice);
    countPredictions(static_cast<std::int64_t>(m_experiment->testSet().rows));  // epoch 0's evaluation
    m_sentMoeFlops = m_experiment->cost().moe.flopsPerSample;
    emit rebuilt(generation, m_experiment->cost(), m_experiment->snapshot(), computeTerritory());
    emitModelViews(generation);
    if (generation != m_latestGeneration.load(std::memory_order_relaxed)) return;  // already replaced
    emitTopKSweep(generation);
    emitLatency(generation);
}

void TrainingWorker::adopt(int generation, std::unique_ptr<moe::Experiment> experiment, bool measureLatency) {
    m_pending.clear();
    m_divergencesSent = 0;
    m_experiment = std::move(experiment);
    if (!m_experiment) return;
    m_sentMoeFlops = m_experiment->cost().moe.flopsPerSample;
    m_experiment->lowerWorkerPriority(moe::kBackgroundNice);
    emit territoryReady(generation, squareCellTerritory(*m_experiment, kTerritoryCells));
    emitModelViews(generation);
    emit topKSweepReady(generation, m_experiment->topKSweep());
    if (measureLatency) emitLatency(generation);
}

void TrainingWorker::run(int generation, RunLength length) {
    if (!m_experiment) {
        emit runEnded(generation, false, 0);
        return;
    }
    Observer observer(*this, generation, length);
    m_lastEmit = Clock::now();
    m_lastTerritory = m_lastEmit;
    m_viewBudget.start(m_lastEmit);
    while (!m_experiment->finished() && !stopRequested()) {
        const bool completed = m_experiment->runEpoch(observer);
        if (completed && m_checkpoint.exchange(false, std::memory_order_relaxed)) {
            m_lastEmit = Clock::now();
            if (!m_pending.isEmpty()) emit epochsDone(generation, m_pending);
            m_pending.clear();
            emitCostIfChanged(generation);
            emitPendingPredictions();
            emit inspectorReady(generation, m_experiment->inspector());
            emit checkpointReady(generation, m_experiment->epochsCompleted());
        }
        if (Clock::now() - m_lastEmit >= kEmitInterval || moe::TrainingPace(speed()).everyStepShown())
            flushEpochs(generation);
        if (!completed || length != RunLength::All) break;
        const auto now = Clock::now();
        if (now - m_lastTerritory >= kTerritoryInterval && !m_experiment->finished() &&
            m_viewBudget.allows(now)) {
            emit territoryReady(generation, computeTerritory(kTerritoryCellsLive));
            emitTopKSweep(generation);
            m_lastTerritory = Clock::now();
            m_viewBudget.spend(m_lastTerritory - now);
        }
    }
    m_lastEmit = Clock::now();
    if (!m_pending.isEmpty()) {
        emit epochsDone(generation, m_pending);
        m_pending.clear();
    }
    emitCostIfChanged(generation);  // the kept epoch's, once the run has ended
    emitPendingPredictions();
    reportDivergences(generation);
    emitModelViews(generation);  // the final model, also when a Pause stopped it mid-epoch
    emit runEnded(generation, m_experiment->finished(), m_experiment->epochsCompleted());
    // After runEnded, so that Stop is seen to take effect before the map is redrawn.
    emit territoryReady(generation, computeTerritory());
    emitTopKSweep(generation);
    // Between runs, so the timing never competes with training for the cores.
    emitLatency(generation);
}

void TrainingWorker::emitTopKSweep(int generation) {
    std::vector<moe::TopKPoint> points = m_experiment->topKSweep();
    const auto rows = static_cast<std::int64_t>(m_experiment->testSet().rows);
    const double dense = m_experiment->cost().denseEqualParams.flopsPerSample;
    moe::SavingsTally delta;
    for (const moe::TopKPoint& p : points) delta.add(rows, p.cost.flopsPerSample, dense);
    if (delta.samples > 0) emit predicted(delta);
    emit topKSweepReady(generation, points);
}

void TrainingWorker::emitLatency(int generation) {
    emit latencyReady(generation, m_experiment->measureLatency(kLatencyBatch, kLatencyOptions));
}

void TrainingWorker::emitCostIfChanged(int generation) {
    // Only top-p's cost moves with training (it counts the measured experts per sample).
    const moe::CostReport cost = m_experiment->cost();
    if (cost.moe.flopsPerSample == m_sentMoeFlops) return;
    m_sentMoeFlops = cost.moe.flopsPerSample;
    emit costReady(generation, cost);
}

void TrainingWorker::countPredictions(std::int64_t samples) {
    const moe::CostReport cost = m_experiment->cost();
    moe::SavingsTally delta;
    delta.add(samples, cost.moe.flopsPerSample, cost.denseEqualParams.flopsPerSample);
    emit predicted(delta);
}

void TrainingWorker::emitPendingPredictions() {
    if (m_pendingPredictions.samples == 0) return;
    emit predicted(m_pendingPredictions);
    m_pendingPredictions = {};
}

void TrainingWorker::flushEpochs(int generation) {
    m_lastEmit = Clock::now();
    if (m_pending.isEmpty()) return;
    emit epochsDone(generation, m_pending);
    m_pending.clear();
    emitCostIfChanged(generation);
    emitPendingPredictions();
    reportDivergences(generation);
    if (!m_viewBudget.allows(m_lastEmit)) return;  // the curves move; the model views wait
    emitModelViews(generation);
    m_viewBudget.spend(Clock::now() - m_lastEmit);
}

void TrainingWorker::reportDivergences(int generation) {
    const std::vector<std::string> messages = m_experiment->divergences();
    if (messages.size() <= m_divergencesSent) return;
    m_divergencesSent = messages.size();
    QStringList list;
    for (const std::string& m : messages) list << QString::fromStdString(m);
    emit diverged(generation, list);
}

void TrainingWorker::emitStepViews(int generation) {
    const auto now = Clock::now();
    if (now - m_lastStepViews < kEmitInterval) return;
    emit territoryReady(generation, computeTerritory(kTerritoryCellsLive));
    emitModelViews(generation);
    m_lastStepViews = Clock::now();
}

void TrainingWorker::emitModelViews(int generation) {
    emit inspectorReady(generation, m_experiment->inspector());
    emit gateMatricesReady(generation, m_experiment->gateMatrices());
}

moe::TerritoryGrid TrainingWorker::computeTerritory(int cells) {
    if (!m_experiment) return {};
    moe::TerritoryGrid grid = squareCellTerritory(*m_experiment, cells);
    countPredictions(static_cast<std::int64_t>(grid.spec.width) * grid.spec.height);
    return grid;
}

}  // namespace moe::ui
