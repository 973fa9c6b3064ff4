// Tests core/train/training_pace.*: full speed never waits; a slow pace spreads an epoch's
// target time over its batches and waits only for what training has not already taken;
// wait() sleeps about as long as asked and returns at once when stopped; names round-trip;
// and a paced Experiment epoch takes about the target time while its results equal those of
// an unpaced one.
#include "core/train/training_pace.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <thread>

using namespace moe;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// Paces every batch, as the GUI's worker does.
struct PacedObserver : TrainingObserver {
    explicit PacedObserver(TrainingSpeed speed) : pace(speed) {}
    bool onBatch(const BatchProgress& p) override {
        TrainingPace::wait(pace.waitAfterBatch(p.batch, p.batchesPerEpoch, Clock::now() - epochStart), stop);
        ++batches;
        return true;
    }
    bool onEpoch(const EpochSnapshot&) override { return true; }
    int batches = 0;
    TrainingPace pace;
    std::atomic<bool> stop{false};
    Clock::time_point epochStart = Clock::now();
};

}  // namespace

class TestTrainingPace : public QObject {
    Q_OBJECT
private slots:
    void fullSpeedNeverWaits() {
        const TrainingPace full;
        QCOMPARE(full.epochSeconds(), 0.0);
        QVERIFY(!full.everyStepShown());
        QCOMPARE(full.waitAfterBatch(1, 5, 0s), Clock::duration::zero());
    }
    void slowSpreadsTheEpochOverItsBatches() {
        const TrainingPace slow(TrainingSpeed::Slow);
        QCOMPARE(slow.epochSeconds(), 1.0);
        QVERIFY(slow.everyStepShown());
        QCOMPARE(slow.waitAfterBatch(1, 4, 0ms), Clock::duration(250ms));
        QCOMPARE(slow.waitAfterBatch(2, 4, 100ms), Clock::duration(400ms));
        QCOMPARE(slow.waitAfterBatch(4, 4, 2s), Clock::duration::zero());  // already slower
        QCOMPARE(slow.waitAfterBatch(1, 0, 0ms), Clock::duration::zero());
        QVERIFY(TrainingPace(TrainingSpeed::Fast).epochSeconds() < TrainingPace(TrainingSpeed::Moderate).epochSeconds());
    }
    void waitSleepsAndStops() {
        std::atomic<bool> stop{false};
        auto start = Clock::now();
        QVERIFY(TrainingPace::wait(60ms, stop));
        QVERIFY(Clock::now() - start >= 60ms);
        stop = true;
        start = Clock::now();
        QVERIFY(!TrainingPace::wait(10s, stop));
        QVERIFY(Clock::now() - start < 1s);
        // Set from another thread while waiting.
        stop = false;
        std::thread stopper([&] {
            std::this_thread::sleep_for(30ms);
            stop = true;
        });
        start = Clock::now();
        QVERIFY(!TrainingPace::wait(10s, stop));
        stopper.join();
        QVERIFY(Clock::now() - start < 2s);
    }
    void namesRoundTrip() {
        QCOMPARE(allSpeeds().size(), std::size_t{4});
        for (TrainingSpeed s : allSpeeds()) {
            QCOMPARE(parseSpeed(speedName(s)), std::optional<TrainingSpeed>(s));
            QVERIFY(std::string(speedLabel(s)).size() > 5);
        }
        QVERIFY(!parseSpeed("warp"));
    }
    void pacedEpochTakesTheTargetTimeAndTrainsTheSame() {
        const Dataset data = testing::generated("spirals", 200, 3, true);
        RunConfig c = testing::tinyConfig(2, 32, 7);
        auto paced = Experiment::create(data, c).value();
        auto plain = Experiment::create(data, c).value();
        PacedObserver observer(TrainingSpeed::Moderate);
        const auto start = Clock::now();
        observer.epochStart = start;
        QVERIFY(paced->runEpoch(observer));
        QVERIFY(observer.batches > 1);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        QVERIFY2(seconds >= 1.0 / 3.0 - 0.01 && seconds < 2.0, qPrintable(QString::number(seconds)));
        testing::RunToTheEnd fast;
        QVERIFY(plain->runEpoch(fast));
        QCOMPARE(paced->snapshot().moe.testLoss, plain->snapshot().moe.testLoss);  // bit-identical
    }
};

QTEST_APPLESS_MAIN(TestTrainingPace)
#include "tst_training_pace.moc"
