#include "ui/training/training_controller.h"

#include "ui/training/training_worker.h"

#include "core/train/experiment.h"
#include "core/util/thread_priority.h"

#include <QMetaObject>

#include <algorithm>

namespace moe::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    registerSnapshotMetaTypes();
    m_thread.setObjectName(QStringLiteral("moe-training"));
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Training takes every core; the window's thread comes first whenever it has work, so
    // drawing and input never wait behind an epoch. The worker's oneTBB helpers follow
    // (TrainingWorker lowers them per Experiment).
    connect(&m_thread, &QThread::started, m_worker, [] { moe::lowerCurrentThreadPriority(moe::kBackgroundNice); });
    connect(m_worker, &TrainingWorker::rebuilt, this, &TrainingController::onRebuilt);
    connect(m_worker, &TrainingWorker::rebuildFailed, this, &TrainingController::onRebuildFailed);
    connect(m_worker, &TrainingWorker::epochsDone, this, &TrainingController::onEpochsDone);
    connect(m_worker, &TrainingWorker::costReady, this, [this](int generation, const moe::CostReport& cost) {
        if (!isCurrent(generation)) return;
        m_cost = cost;
        emit costChanged();
    });
    connect(m_worker, &TrainingWorker::batchProgress, this, &TrainingController::onBatchProgress);
    connect(m_worker, &TrainingWorker::territoryReady, this, &TrainingController::onTerritory);
    connect(m_worker, &TrainingWorker::inspectorReady, this, &TrainingController::onInspector);
    connect(m_worker, &TrainingWorker::runEnded, this, &TrainingController::onRunEnded);
    connect(m_worker, &TrainingWorker::gateMatricesReady, this, &TrainingController::onGateMatrices);
    connect(m_worker, &TrainingWorker::topKSweepReady, this, &TrainingController::onTopKSweep);
    connect(m_worker, &TrainingWorker::latencyReady, this, &TrainingController::onLatency);
    connect(m_worker, &TrainingWorker::predicted, this, &TrainingController::onPredicted);
    connect(m_worker, &TrainingWorker::diverged, this, &TrainingController::onDiverged);
    connect(m_worker, &TrainingWorker::checkpointReady, this, [this](int generation, int epoch) {
        if (isCurrent(generation)) emit checkpointReady(epoch);
    });
    m_thread.start();
}

TrainingController::~TrainingController() {
    m_worker->requestStop();  // the running epoch returns at its next batch
    m_thread.quit();          // then the event loop ends; queued calls are dropped
    m_thread.wait();
}

void TrainingController::setSetup(const moe::Dataset& data, const moe::RunConfig& config) {
    m_data = data;
    m_config = config;
    const moe::Status valid = moe::validateConfig(config);
    m_setupValid = valid.ok();
    if (isBusy()) return;  // the panels are locked while training; applied at the next reset
    if (!m_setupValid) {
        ++m_generation;  // results still on their way belong to a run that no longer exists
        m_history.clear();
        m_territory = {};
        m_inspector.reset();
        m_gateMatrices.clear();
        m_hasCost = false;
        m_topK.clear();
        m_hasLatency = false;
        m_lastError = QString::fromStdString(valid.error());
        m_divergences.clear();
        emit experimentReset();
        setState(TrainingState::Empty);
        return;
    }
    rebuild();
}

void TrainingController::restoreRun(std::unique_ptr<moe::Experiment> experiment, const moe::CostReport& cost,
                                    const std::optional<moe::LatencyReport>& latency,
                                    const moe::SavingsTally& savings) {
    if (!experiment || isBusy()) return;
    ++m_generation;
    m_data = experiment->data();
    m_config = experiment->config();
    m_setupValid = true;
    m_history = QList<moe::EpochSnapshot>(experiment->history().cbegin(), experiment->history().cend());
    m_territory = {};
    m_inspector.reset();
    m_gateMatrices.clear();
    m_cost = cost;
    m_hasCost = true;
    m_batch = {};
    m_lastError.clear();
    m_divergences.clear();
    m_topK.clear();
    m_hasLatency = latency.has_value();
    m_latency = latency.value_or(moe::LatencyReport{});
    m_savings = savings;
    m_awaitingAdopt = true;
    // A run whose every model stopped early or diverged has ended as if all epochs ran.
    const bool ended = experiment->epochsCompleted() >= m_config.train.epochs ||
                       (!m_history.isEmpty() && moe::everyModelEnded(m_history.constLast()));
    const TrainingState state = !experiment->isRestored() ? TrainingState::Ready
                                : ended                  ? TrainingState::Finished
                                                         : TrainingState::Stopped;
    emit experimentReset();
    setState(state);
    emit costChanged();
    emit historyChanged();
    if (m_hasLatency) emit latencyChanged();
    emit savingsChanged();
    emit progressChanged();
    const int generation = m_generation;
    m_worker->setLatestGeneration(generation);
    // A copyable holder: the queued call's functor is copied, the Experiment only moved.
    auto holder = std::make_shared<std::unique_ptr<moe::Experiment>>(std::move(experiment));
    const bool measure = !latency.has_value();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, holder, measure] { worker->adopt(generation, std::move(*holder), measure); },
        Qt::QueuedConnection);
}

void TrainingController::requestCheckpoint() {
    if (m_state == TrainingState::Running) m_worker->requestCheckpoint();
}

bool TrainingController::isBusy() const {
    return m_state == TrainingState::Running || m_state == TrainingState::Stepping ||
           m_state == TrainingState::Stopping;
}

bool TrainingController::canTrain() const { return m_setupValid && !isBusy(); }
bool TrainingController::canPause() const { return m_state == TrainingState::Running; }
bool TrainingController::canStep() const {
    // Step continues the current run; a stopped or finished run has nothing to continue.
    return m_setupValid && !isBusy() && m_state != TrainingState::Stopped &&
           m_state != TrainingState::Finished;
}
bool TrainingController::canStop() const {
    return m_state == TrainingState::Running || m_state == TrainingState::Stepping;
}
bool TrainingController::canReset() const {
    return m_setupValid && !isBusy() && m_state != TrainingState::Building && epochsCompleted() > 0;
}

int TrainingController::epochsCompleted() const {
    return m_history.isEmpty() ? 0 : m_history.constLast().epoch;
}

double TrainingController::progress() const {
    const int planned = std::max(1, epochsPlanned());
    double done = epochsCompleted();
    if (isBusy() && m_batch.batchesPerEpoch > 0 && m_batch.epoch == epochsCompleted())
        done += static_cast<double>(m_batch.batch) / m_batch.batchesPerEpoch;
    return std::clamp(done / planned, 0.0, 1.0);
}

double TrainingController::secondsRemaining() const {
    if (m_state != TrainingState::Running || !m_runClock.isValid()) return -1.0;
    const double done = progress() - m_runStartProgress;
    const double elapsed = static_cast<double>(m_runClock.elapsed()) / 1000.0;
    if (done < 0.005 || elapsed < 0.3) return -1.0;
    return elapsed * (1.0 - progress()) / done;
}

void TrainingController::train() {
    if (!canTrain()) return;
    startRun(RunLength::All);
}

void TrainingController::step() {
    if (!canStep()) return;
    startRun(RunLength::Epoch);
}

void TrainingController::stepBatch() {
    if (!canStep()) return;
    startRun(RunLength::Batch);
}

void TrainingController::setSpeed(moe::TrainingSpeed speed) {
    if (speed == m_speed) return;
    m_speed = speed;
    m_worker->setSpeed(speed);
    emit speedChanged(speed);
}

void TrainingController::pause() {
    if (!canPause()) return;
    m_worker->requestStop();
    m_afterStop = TrainingState::Paused;
    setState(TrainingState::Stopping);
}

void TrainingController::stop() {
    if (!canStop()) return;
    m_worker->requestStop();
    m_afterStop = TrainingState::Stopped;
    setState(TrainingState::Stopping);
}

void TrainingController::reset() {
    if (!canReset()) return;
    rebuild();
}

void TrainingController::rebuild() {
    ++m_generation;
    m_awaitingAdopt = false;
    m_history.clear();
    m_territory = {};
    m_inspector.reset();
    m_gateMatrices.clear();
    m_hasCost = false;
    m_batch = {};
    m_lastError.clear();
    m_divergences.clear();
    m_topK.clear();
    m_hasLatency = false;
    emit experimentReset();
    setState(TrainingState::Building);
    const int generation = m_generation;
    m_worker->setLatestGeneration(generation);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, data = m_data, config = m_config] {
            worker->rebuild(generation, data, config);
        },
        Qt::QueuedConnection);
}

void TrainingController::startRun(RunLength length) {
    // A finished or stopped run cannot go on: Train starts a new one from the settings.
    if (m_state == TrainingState::Stopped || m_state == TrainingState::Finished ||
        m_state == TrainingState::Empty)
        rebuild();
    m_worker->clearStop();  // before queuing, so a Stop clicked right after is not lost
    m_afterStop = TrainingState::Paused;
    m_runStartProgress = progress();
    m_runClock.start();
    setState(length == RunLength::All ? TrainingState::Running : TrainingState::Stepping);
    const int generation = m_generation;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, length] { worker->run(generation, length); },
        Qt::QueuedConnection);
}

void TrainingController::setState(TrainingState state) {
    if (m_state == state) return;
    m_state = state;
    emit stateChanged(state);
}

void TrainingController::onRebuilt(int generation, const moe::CostReport& cost,
                                   const moe::EpochSnapshot& initial,
                                   const moe::TerritoryGrid& territory) {
    if (!isCurrent(generation)) return;
    m_cost = cost;
    m_hasCost = true;
    m_history = {initial};
    m_territory = territory;
    emit costChanged();
    emit historyChanged();
    emit territoryChanged();
    emit progressChanged();
    if (m_state == TrainingState::Building) setState(TrainingState::Ready);
}

void TrainingController::onRebuildFailed(int generation, const QString& message) {
    if (!isCurrent(generation)) return;
    m_lastError = message;
    setState(TrainingState::Empty);
    emit errorOccurred(message);
}

void TrainingController::onEpochsDone(int generation, const QList<moe::EpochSnapshot>& snapshots) {
    if (!isCurrent(generation)) return;
    m_history.append(snapshots);
    emit historyChanged();
    emit progressChanged();
}

void TrainingController::onBatchProgress(int generation, const moe::BatchProgress& progress) {
    if (!isCurrent(generation)) return;
    m_batch = progress;
    emit progressChanged();
}

void TrainingController::onTerritory(int generation, const moe::TerritoryGrid& territory) {
    if (!isCurrent(generation)) return;
    m_awaitingAdopt = false;  // the worker has the restored run; later predictions count
    m_territory = territory;
    emit territoryChanged();
}

void TrainingController::onInspector(int generation, const std::shared_ptr<moe::SampleInspector>& inspector) {
    if (!isCurrent(generation)) return;
    m_inspector = inspector;
    emit inspectorChanged();
}

void TrainingController::onGateMatrices(int generation, const std::vector<moe::GateMatrix>& matrices) {
    if (!isCurrent(generation)) return;
    m_gateMatrices = matrices;
    emit gateMatricesChanged();
}

void TrainingController::onRunEnded(int generation, bool finished, int /*epochsCompleted*/) {
    if (!isCurrent(generation)) return;
    m_batch = {};
    m_runClock.invalidate();
    if (m_state == TrainingState::Empty) return;  // the build before this run failed
    if (finished)
        setState(TrainingState::Finished);
    else if (m_state == TrainingState::Stopping)
        setState(m_afterStop);
    else
        setState(TrainingState::Paused);  // a Step ended
    emit progressChanged();
    if ((finished || m_state == TrainingState::Stopped) && m_hasCost && !m_history.isEmpty())
        emit runRecorded(moe::makeRunRecord(m_data, m_config, m_cost,
                                            std::vector<moe::EpochSnapshot>(m_history.cbegin(), m_history.cend()),
                                            finished ? moe::RunEnd::Finished : moe::RunEnd::Stopped,
                                            std::chrono::system_clock::now()));
    emit runEnded(finished);
}

void TrainingController::onTopKSweep(int generation, const std::vector<moe::TopKPoint>& points) {
    if (!isCurrent(generation)) return;
    m_topK = points;
    emit topKSweepChanged();
}

void TrainingController::onLatency(int generation, const moe::LatencyReport& latency) {
    if (!isCurrent(generation)) return;
    m_latency = latency;
    m_hasLatency = true;
    emit latencyChanged();
}

void TrainingController::onPredicted(const moe::SavingsTally& delta) {
    // Predictions of a replaced experiment were still made: they count - unless a restored
    // session's tally has replaced the count since (see m_awaitingAdopt).
    if (m_awaitingAdopt) return;
    m_savings.add(delta);
    emit savingsChanged();
}

void TrainingController::addPredictions(qint64 samples) {
    if (!m_hasCost || samples <= 0) return;
    m_savings.add(samples, m_cost.moe.flopsPerSample, m_cost.denseEqualParams.flopsPerSample);
    emit savingsChanged();
}

moe::EpochSnapshot TrainingController::result() const {
    if (m_history.isEmpty()) return {};
    const std::vector<moe::EpochSnapshot> history(m_history.cbegin(), m_history.cend());
    return m_state == TrainingState::Finished ? moe::keptSnapshot(history) : moe::lastEpochResult(history);
}

void TrainingController::onDiverged(int generation, const QStringList& messages) {
    if (!isCurrent(generation)) return;
    // The core names the CLI's options; this window's fields have labels.
    m_divergences.clear();
    for (QString m : messages) {
        m.replace(QLatin1String("(--lr, now"), tr("(Learning rate, now"));
        m.replace(QLatin1String("a smaller --clip-norm"), tr("a smaller Clip norm"));
        m.replace(QLatin1String("(--clip-norm 1)"), tr("(Clip norm 1)"));
        m_divergences << m;
    }
    emit divergencesChanged();
}

}  // namespace moe::ui
