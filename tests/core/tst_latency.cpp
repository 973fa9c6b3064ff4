// Tests core/cost/latency.* (and the plain SavingsTally of core/cost/savings_tally.h):
// the measurement reports a consistent batch, time and throughput, keeps to its budget,
// and the experiment measures its three models.
#include "core/cost/latency.h"
#include "core/cost/savings_tally.h"
#include "core/data/generators.h"
#include "core/model/dense_mlp.h"
#include "core/train/experiment.h"
#include "tests/support/experiment_fixtures.h"

#include <QElapsedTimer>
#include <QTest>

using namespace moe;

class TestLatency : public QObject {
    Q_OBJECT
private slots:
    void measuresAForward_data();
    void measuresAForward();
    void keepsToTheBudget();
    void experimentMeasuresThreeModels();
    void savingsTally();
};

void TestLatency::measuresAForward_data() {
    QTest::addColumn<int>("batch");
    QTest::newRow("one sample") << 1;
    QTest::newRow("a batch") << 64;
}

void TestLatency::measuresAForward() {
    QFETCH(int, batch);
    DenseMlp mlp(5, 32, 3, Activation::Relu);
    Rng rng(3);
    mlp.initialize(rng);
    const Matrix X = Matrix::Random(batch, 5);
    const Latency l = measureLatency(mlp, X);
    QCOMPARE(l.batch, batch);
    QVERIFY(l.secondsPerBatch > 0.0);
    QVERIFY(l.secondsPerBatch < 0.1);  // a 5-32-3 MLP: microseconds
    QVERIFY(l.repeats >= 1 && l.repeats <= LatencyOptions{}.repeats);
    QVERIFY(l.forwardsPerRepeat >= 1);
    QCOMPARE(l.secondsPerSample(), l.secondsPerBatch / batch);
    QCOMPARE(l.samplesPerSecond(), batch / l.secondsPerBatch);
}

void TestLatency::keepsToTheBudget() {
    DenseMlp mlp(4, 8, 2, Activation::Relu);
    Rng rng(1);
    mlp.initialize(rng);
    const Matrix X = Matrix::Random(16, 4);
    LatencyOptions o;
    o.repeats = 1000;
    o.minRepeatSeconds = 0.002;
    o.budgetSeconds = 0.02;
    QElapsedTimer clock;
    clock.start();
    const Latency l = measureLatency(mlp, X, o);
    QVERIFY(l.repeats >= 1);
    QVERIFY(l.repeats < 1000);
    QVERIFY(clock.elapsed() < 1000);
}

void TestLatency::experimentMeasuresThreeModels() {
    const Dataset data = testing::generated("spirals", 200);
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = 1;
    c.train.threads = 1;
    auto e = Experiment::create(data, c);
    QVERIFY(e.ok());
    const LatencyReport r = e.value()->measureLatency(100);
    QCOMPARE(r.threads, 1);
    for (const ModelLatency* m : {&r.moe, &r.denseEqualParams, &r.denseEqualCompute}) {
        QCOMPARE(m->single.batch, 1);
        QCOMPARE(m->batch.batch, 100);  // more rows than the 40 test rows: repeated
        QVERIFY(m->single.secondsPerBatch > 0.0);
        QVERIFY(m->batch.secondsPerBatch > 0.0);
    }
}

void TestLatency::savingsTally() {
    SavingsTally t;
    QCOMPARE(t.savedFraction(), 0.0);
    t.add(10, 100.0, 400.0);
    t.add(5, 200.0, 400.0);
    t.add(0, 1e9, 0.0);   // nothing predicted: nothing counted
    t.add(-3, 1.0, 1.0);
    QCOMPARE(t.samples, std::int64_t{15});
    QCOMPARE(t.moeFlops, 2000.0);
    QCOMPARE(t.denseFlops, 6000.0);
    QCOMPARE(t.savedFlops(), 4000.0);
    QCOMPARE(t.savedFraction(), 4000.0 / 6000.0);
    t.add(1, 10000.0, 0.0);  // a MoE dearer than the dense model spends more than it saves
    QCOMPARE(t.savedFlops(), -6000.0);
}

QTEST_APPLESS_MAIN(TestLatency)
#include "tst_latency.moc"
