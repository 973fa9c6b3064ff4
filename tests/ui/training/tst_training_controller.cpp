// TrainingController without widgets: states, history, shutdown, Step batch and the slow speeds.
#include "tests/support/worker_waits.h"
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"
#include "core/train/training_observer.h"
#include "core/train/sample_inspector.h"
#include "ui/training/training_controller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>

using namespace moe::ui;

namespace {

moe::Dataset blobs(int samples) {
    moe::GeneratorParams p;
    p.name = "blobs";
    p.samples = samples;
    return moe::generateDataset(p).value();
}

moe::RunConfig config(int epochs) {
    moe::RunConfig c;
    c.model.experts = 4;
    c.model.topK = 1;
    c.model.hidden = 8;
    c.train.epochs = epochs;
    return c;
}

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT
private slots:
    void buildsThenTrainsToTheEnd();
    void stepRunsOneEpochAtATime();
    void stepBatchTrainsOneBatch();
    void slowSpeedShowsEveryBatch();
    void theMapMovesFromEpochToEpoch();
    void invalidSettingsLeaveNothingToTrain();
    void settingsChangeWhilePausedStartsOver();
    void stopThenResetDropsTheOldRun();
    void destroyWhileTrainingShutsDownQuickly();
    void restoredRunThatStoppedEarlyIsFinished();
    void divergenceIsReportedWithTheWindowsNames();
    void topPCostFollowsTheMeasuredExpertsPerSample();
};

void TestTrainingController::buildsThenTrainsToTheEnd() {
    TrainingController c;
    QSignalSpy states(&c, &TrainingController::stateChanged);
    c.setSetup(blobs(200), config(3));
    QVERIFY(c.state() == TrainingState::Building);
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QCOMPARE(c.history().size(), 1);
    QCOMPARE(c.history().first().epoch, 0);
    QVERIFY(c.hasCost());
    QVERIFY(c.cost().moe.paramsTotal > 0);
    QVERIFY(!c.territory().expert.empty());

    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(ended.first().first().toBool(), true);
    QVERIFY(c.state() == TrainingState::Finished);
    QCOMPARE(c.history().size(), 4);
    for (int i = 0; i < 4; ++i) QCOMPARE(c.history()[i].epoch, i);
    QCOMPARE(c.progress(), 1.0);
    QVERIFY(!c.canPause() && !c.canStop() && !c.canStep());
    QVERIFY(c.canTrain() && c.canReset());
}

void TestTrainingController::stepRunsOneEpochAtATime() {
    TrainingController c;
    c.setSetup(blobs(200), config(2));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.step();
    QTRY_COMPARE(ended.count(), 1);
    QVERIFY(c.state() == TrainingState::Paused);
    QCOMPARE(c.epochsCompleted(), 1);
    c.step();
    QTRY_COMPARE(ended.count(), 2);
    QVERIFY(c.state() == TrainingState::Finished);  // that was the last planned epoch
    QCOMPARE(c.epochsCompleted(), 2);
    QVERIFY(!c.canStep());
}

void TestTrainingController::stepBatchTrainsOneBatch() {
    TrainingController c;
    c.setSetup(blobs(200), config(2));  // 160 training rows, batches of 32: 5 per epoch
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QTRY_VERIFY(c.inspector());  // sent just after the build
    const std::vector<float> point{0.5f, -0.5f};
    const std::vector<float> before = c.inspector()->inspect(point).value().layers[0].gate;
    QSignalSpy ended(&c, &TrainingController::runEnded);
    QSignalSpy inspectors(&c, &TrainingController::inspectorChanged);
    c.stepBatch();
    QTRY_COMPARE(ended.count(), 1);
    QVERIFY(c.state() == TrainingState::Paused);
    QCOMPARE(c.epochsCompleted(), 0);  // mid-epoch
    QTRY_VERIFY(inspectors.count() > 0);
    QVERIFY(c.inspector()->inspect(point).value().layers[0].gate != before);  // one step moved the gate
    // Step epoch resumes inside the epoch and ends it: four more batches.
    c.step();
    QTRY_COMPARE(ended.count(), 2);
    QCOMPARE(c.epochsCompleted(), 1);
}

void TestTrainingController::slowSpeedShowsEveryBatch() {
    TrainingController c;
    QSignalSpy speeds(&c, &TrainingController::speedChanged);
    c.setSpeed(moe::TrainingSpeed::Moderate);  // about 1/3 s an epoch
    QCOMPARE(speeds.count(), 1);
    QVERIFY(c.speed() == moe::TrainingSpeed::Moderate);
    c.setSetup(blobs(200), config(2));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    QSignalSpy territories(&c, &TrainingController::territoryChanged);
    QElapsedTimer clock;
    clock.start();
    c.step();
    QTRY_COMPARE(ended.count(), 1);
    QVERIFY2(clock.elapsed() >= 300, qPrintable(QString::number(clock.elapsed())));
    // The map is redrawn during the epoch, not only when it ends: 5 batches ~67 ms apart.
    QVERIFY2(territories.count() >= 4, qPrintable(QString::number(territories.count())));
}

void TestTrainingController::theMapMovesFromEpochToEpoch() {
    // What a learner watching slow motion sees: three consecutive epochs, three different maps.
    TrainingController c;
    c.setSpeed(moe::TrainingSpeed::Fast);
    c.setSetup(blobs(200), config(3));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    QSignalSpy territories(&c, &TrainingController::territoryChanged);
    std::vector<std::vector<float>> maps;
    for (int epoch = 1; epoch <= 3; ++epoch) {
        c.step();
        QTRY_COMPARE(ended.count(), epoch);
        QTRY_VERIFY(territories.count() > 0 && c.territory().spec.width > 0);
        territories.clear();
        QTest::qWait(60);  // the full-detail map sent after the step
        maps.push_back(c.territory().confidence);
    }
    QVERIFY(maps[0] != maps[1]);
    QVERIFY(maps[1] != maps[2]);
}

void TestTrainingController::invalidSettingsLeaveNothingToTrain() {
    TrainingController c;
    moe::RunConfig bad = config(3);
    bad.model.topK = 5;  // > experts
    c.setSetup(blobs(200), bad);
    QVERIFY(c.state() == TrainingState::Empty);
    QVERIFY(!c.canTrain() && !c.canStep() && !c.canReset());
    QVERIFY(c.lastError().contains(QStringLiteral("top-k")));
    c.train();  // ignored, no crash
    QVERIFY(c.state() == TrainingState::Empty);
    c.setSetup(blobs(200), config(3));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
}

void TestTrainingController::settingsChangeWhilePausedStartsOver() {
    TrainingController c;
    c.setSetup(blobs(200), config(5));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.step();
    QTRY_COMPARE(ended.count(), 1);
    QCOMPARE(c.epochsCompleted(), 1);
    moe::RunConfig changed = config(5);
    changed.model.experts = 6;
    c.setSetup(blobs(200), changed);
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QCOMPARE(c.epochsCompleted(), 0);
    QCOMPARE(c.territory().experts, 6);
}

void TestTrainingController::stopThenResetDropsTheOldRun() {
    TrainingController c;
    c.setSetup(blobs(2000), config(100000));
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    c.train();
    QTRY_VERIFY_WITH_TIMEOUT(c.epochsCompleted() >= 1, 30000);
    c.stop();
    QVERIFY(c.state() == TrainingState::Stopping);
    QVERIFY(!c.canTrain() && !c.canStop() && !c.canReset());
    QTRY_VERIFY(c.state() == TrainingState::Stopped);
    c.reset();
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QCOMPARE(c.history().size(), 1);
    QCOMPARE(c.epochsCompleted(), 0);
}

void TestTrainingController::destroyWhileTrainingShutsDownQuickly() {
    auto c = std::make_unique<TrainingController>();
    c->setSetup(blobs(2000), config(100000));
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    c->train();
    QTRY_VERIFY_WITH_TIMEOUT(c->epochsCompleted() >= 1, 30000);
    QElapsedTimer clock;
    clock.start();
    c.reset();  // cancel, quit, wait
    qInfo("shutdown took %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY(clock.elapsed() < 1000);
}

void TestTrainingController::restoredRunThatStoppedEarlyIsFinished() {
    // Few noisy rows, wide experts, a high rate and a patience of 2: every model overfits and
    // stops long before the planned 400 epochs.
    moe::GeneratorParams gp;
    gp.name = "spirals";
    gp.samples = 160;
    const moe::Dataset data = moe::generateDataset(gp).value();
    moe::RunConfig c = config(400);
    c.model.hidden = 32;
    c.train.learningRate = 0.05;
    c.train.lrSchedule = moe::LrSchedule::Constant;
    c.train.patience = 2;
    auto made = moe::Experiment::create(data, c);
    QVERIFY(made);
    std::unique_ptr<moe::Experiment> e = std::move(made).value();
    struct Quiet : moe::TrainingObserver {
        bool onEpoch(const moe::EpochSnapshot&) override { return true; }
    } quiet;
    QVERIFY(e->run(quiet));
    QVERIFY(e->epochsCompleted() < 400);
    const std::vector<moe::EpochSnapshot> history = e->history();
    QVERIFY(moe::everyModelEnded(history.back()));

    auto restored = moe::Experiment::restore(data, c, e->trainedModel(), history);
    QVERIFY(restored);
    TrainingController controller;
    controller.restoreRun(std::move(restored).value(), e->cost(), std::nullopt, {});
    QVERIFY(controller.state() == TrainingState::Finished);
    // The scores are those of each model's kept epoch, not of the last one.
    const moe::EpochSnapshot result = controller.result();
    const moe::EpochSnapshot kept = moe::keptSnapshot(history);
    QCOMPARE(result.moe.testLoss, kept.moe.testLoss);
    QCOMPARE(result.moe.testLoss, history[static_cast<std::size_t>(kept.moe.bestEpoch)].moe.testLoss);
    QCOMPARE(result.denseEqualCompute.testLoss, kept.denseEqualCompute.testLoss);

    // Cut before the last model stopped, the same run had not ended: Stopped, and only the
    // models that had stopped show their kept epoch.
    std::vector<moe::EpochSnapshot> cut = history;
    while (moe::everyModelEnded(cut.back())) cut.pop_back();
    QVERIFY(cut.back().epoch > 0);
    auto partial = moe::Experiment::restore(data, c, e->trainedModel(), cut);
    QVERIFY(partial);
    controller.restoreRun(std::move(partial).value(), e->cost(), std::nullopt, {});
    QVERIFY(controller.state() == TrainingState::Stopped);
    QCOMPARE(controller.result().moe.testLoss, moe::lastEpochResult(cut).moe.testLoss);
}

void TestTrainingController::divergenceIsReportedWithTheWindowsNames() {
    // Plain SGD at a rate far too high on squared error: the weights grow without bound.
    moe::GeneratorParams p;
    p.name = "piecewise";
    p.samples = 200;
    moe::RunConfig c = config(20);
    c.train.optimizer = moe::OptimizerKind::Sgd;
    c.train.learningRate = 10.0;
    c.train.momentum = 0.99;
    c.train.clipNorm = 0.0;
    c.train.weightDecay = 0.0;
    c.train.lrSchedule = moe::LrSchedule::Constant;
    TrainingController controller;
    QSignalSpy diverged(&controller, &TrainingController::divergencesChanged);
    controller.setSetup(moe::generateDataset(p).value(), c);
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QVERIFY(diverged.count() >= 1);
    QVERIFY(!controller.divergences().isEmpty());
    const QString first = controller.divergences().first();
    QVERIFY2(first.contains(QStringLiteral("diverged in epoch")), qPrintable(first));
    QVERIFY2(first.contains(QStringLiteral("Learning rate, now 10")), qPrintable(first));
    QVERIFY2(!first.contains(QStringLiteral("--")), qPrintable(first));
    const moe::EpochSnapshot result = controller.result();
    for (const moe::ModelMetrics* m : {&result.moe, &result.denseEqualParams})
        QVERIFY(std::isfinite(m->testLoss));
    // A new setup starts without the old run's divergences.
    controller.setSetup(blobs(200), config(3));
    QVERIFY(controller.divergences().isEmpty());
}

// Top-p's cost counts the experts per sample measured in the kept epoch (moe-spec section 6):
// the controller's cost after a run is the same run's as the core computes it, not the
// build's.
void TestTrainingController::topPCostFollowsTheMeasuredExpertsPerSample() {
    moe::RunConfig topP = config(20);
    topP.model.experts = 8;
    topP.model.router = moe::RouterKind::TopP;
    topP.model.topPThreshold = 0.8;
    TrainingController c;
    c.setSetup(blobs(200), topP);
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy costs(&c, &TrainingController::costChanged);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QVERIFY(costs.count() > 0);

    auto reference = moe::Experiment::create(blobs(200), topP).value();
    struct Quiet : moe::TrainingObserver {
        bool onEpoch(const moe::EpochSnapshot&) override { return true; }
    } quiet;
    reference->run(quiet);
    const double measured = reference->snapshot().routing.expertsPerSample;
    QVERIFY(measured > 1.0 && measured < 8.0);
    QCOMPARE(c.result().routing.expertsPerSample, measured);
    QCOMPARE(c.cost().moe.flopsPerSample, reference->cost().moe.flopsPerSample);
}

QTEST_GUILESS_MAIN(TestTrainingController)
#include "tst_training_controller.moc"
