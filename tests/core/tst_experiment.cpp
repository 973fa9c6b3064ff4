// Tests core/train/experiment.*: determinism across thread counts, stop and resume,
// observer protocol, learning, and the territory grid.
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"

#include <QTest>

#include <cstring>

using namespace moe;

namespace {

Dataset makeData(const std::string& name, int samples) {
    GeneratorParams p;
    p.name = name;
    p.samples = samples;
    p.seed = 5;
    Result<Dataset> d = generateDataset(p);
    if (!d) qFatal("%s", d.error().c_str());
    return std::move(d).value();
}

RunConfig smallConfig() {
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.model.hidden = 8;
    c.train.epochs = 4;
    c.train.batch = 64;
    c.train.seed = 11;
    return c;
}

struct Recorder : TrainingObserver {
    int batches = 0;
    int epochs = 0;
    int stopAfterBatches = -1;
    bool onBatch(const BatchProgress&) override {
        ++batches;
        return stopAfterBatches < 0 || batches < stopAfterBatches;
    }
    bool onEpoch(const EpochSnapshot&) override {
        ++epochs;
        return true;
    }
};

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool sameWeights(const Experiment& a, const Experiment& b) {
    const TrainedModel ta = a.trainedModel(), tb = b.trainedModel();
    std::vector<Parameter> pa = ta.model->parameters(), pb = tb.model->parameters();
    for (std::size_t i = 0; i < pa.size(); ++i)
        if (std::memcmp(pa[i].value->data(), pb[i].value->data(),
                        static_cast<std::size_t>(pa[i].value->size()) * sizeof(float)) != 0)
            return false;
    return true;
}

}  // namespace

class TestExperiment : public QObject {
    Q_OBJECT
private slots:
    void sameBitsForOneAndTwoThreads();
    void stopAndResumeEqualsUninterrupted();
    void runEpochAdvancesOneEpoch();
    void refusesBadConfig();
    void learnsBlobs();
    void learnsPiecewiseRegression();
    void territoryCoversGrid();
    void costReportsBothBaselines();
};

void TestExperiment::sameBitsForOneAndTwoThreads() {
    // A large batch so that the MoE combine and the dense MLP split into several row blocks.
    const Dataset data = makeData("spirals", 1200);
    RunConfig c = smallConfig();
    c.train.batch = 512;
    c.train.threads = 1;
    auto one = Experiment::create(data, c);
    c.train.threads = 2;
    auto two = Experiment::create(data, c);
    QVERIFY(one && two);
    Recorder r1, r2;
    one.value()->run(r1);
    two.value()->run(r2);
    const EpochSnapshot& s1 = one.value()->snapshot();
    const EpochSnapshot& s2 = two.value()->snapshot();
    QVERIFY(sameBits(s1.moe.testLoss, s2.moe.testLoss));
    QVERIFY(sameBits(s1.denseEqualParams.testLoss, s2.denseEqualParams.testLoss));
    QVERIFY(sameBits(s1.denseEqualCompute.testLoss, s2.denseEqualCompute.testLoss));
    QVERIFY(sameBits(s1.routing.loadCv, s2.routing.loadCv));
    QVERIFY(sameWeights(*one.value(), *two.value()));
}

void TestExperiment::stopAndResumeEqualsUninterrupted() {
    const Dataset data = makeData("blobs", 400);
    const RunConfig c = smallConfig();
    auto straight = Experiment::create(data, c);
    auto interrupted = Experiment::create(data, c);
    QVERIFY(straight && interrupted);
    Recorder plain;
    QVERIFY(straight.value()->run(plain));

    Recorder stopper;
    stopper.stopAfterBatches = 7;  // in the middle of the second epoch (5 batches each)
    QVERIFY(!interrupted.value()->run(stopper));
    QCOMPARE(interrupted.value()->epochsCompleted(), 1);
    Recorder rest;
    QVERIFY(interrupted.value()->run(rest));
    QCOMPARE(stopper.batches + rest.batches, plain.batches);
    QVERIFY(sameBits(straight.value()->snapshot().moe.testLoss,
                     interrupted.value()->snapshot().moe.testLoss));
    QVERIFY(sameWeights(*straight.value(), *interrupted.value()));
}

void TestExperiment::runEpochAdvancesOneEpoch() {
    auto e = Experiment::create(makeData("moons", 200), smallConfig());
    QVERIFY(e);
    QCOMPARE(e.value()->snapshot().epoch, 0);
    Recorder r;
    QVERIFY(e.value()->runEpoch(r));
    QCOMPARE(r.epochs, 1);
    QCOMPARE(r.batches, 3);  // 160 training rows in batches of 64
    QCOMPARE(e.value()->epochsCompleted(), 1);
    QCOMPARE(e.value()->snapshot().epoch, 1);
    QVERIFY(!e.value()->finished());
}

void TestExperiment::refusesBadConfig() {
    const Dataset data = makeData("xor", 100);
    RunConfig c = smallConfig();
    c.model.topK = 5;
    auto e = Experiment::create(data, c);
    QVERIFY(!e);
    QVERIFY(QString::fromStdString(e.error()).contains("--top-k"));
    c = smallConfig();
    c.train.learningRate = 0.0;
    QVERIFY(QString::fromStdString(Experiment::create(data, c).error()).contains("--lr"));
    // A single expert is a valid (if pointless) MoE with the default router.
    c = smallConfig();
    c.model.experts = 1;
    c.model.topK = 1;
    QVERIFY(Experiment::create(data, c));
    c.model.router = RouterKind::ExpertChoice;
    QVERIFY(QString::fromStdString(Experiment::create(data, c).error()).contains("--expert-choice-factor"));
}

void TestExperiment::learnsBlobs() {
    RunConfig c = smallConfig();
    c.model.topK = 1;
    c.train.epochs = 30;
    c.train.batch = 32;
    auto e = Experiment::create(makeData("blobs", 400), c);
    QVERIFY(e);
    Recorder r;
    e.value()->run(r);
    const EpochSnapshot& s = e.value()->snapshot();
    QVERIFY2(s.moe.testAccuracy >= 0.95, qPrintable(QString::number(s.moe.testAccuracy)));
    QVERIFY(s.denseEqualParams.testAccuracy >= 0.9);
    double sum = 0.0;
    for (double f : s.routing.expertLoad) sum += f;
    QVERIFY(std::abs(sum - 1.0) < 1e-9);
    QCOMPARE(r.epochs, 30);
    // The history holds the untrained models and then every epoch, in order.
    const std::vector<EpochSnapshot>& history = e.value()->history();
    QCOMPARE(history.size(), std::size_t{31});
    for (std::size_t i = 0; i < history.size(); ++i) QCOMPARE(history[i].epoch, static_cast<int>(i));
    QCOMPARE(history.back().moe.testLoss, s.moe.testLoss);
    QVERIFY(history.front().moe.testLoss > history.back().moe.testLoss);
}

void TestExperiment::learnsPiecewiseRegression() {
    RunConfig c = smallConfig();
    c.train.epochs = 40;
    c.train.batch = 32;
    auto e = Experiment::create(makeData("piecewise", 600), c);
    QVERIFY(e);
    Recorder r;
    e.value()->run(r);
    const EpochSnapshot& s = e.value()->snapshot();
    QVERIFY(std::isnan(s.moe.testAccuracy));
    QVERIFY2(s.moe.testR2 > 0.8, qPrintable(QString::number(s.moe.testR2)));
    QVERIFY(s.moe.testMse >= 0.0);
}

void TestExperiment::territoryCoversGrid() {
    auto e = Experiment::create(makeData("spirals", 200), smallConfig());
    QVERIFY(e);
    const GridSpec spec = e.value()->defaultGrid(30, 20);
    QVERIFY(spec.xMax > spec.xMin && spec.yMax > spec.yMin);
    const TerritoryGrid grid = e.value()->territory(spec);
    QCOMPARE(grid.expert.size(), std::size_t{600});
    QCOMPARE(grid.predictedClass.size(), std::size_t{600});
    QCOMPARE(grid.experts, 4);
    for (std::size_t i = 0; i < grid.expert.size(); ++i) {
        QVERIFY(grid.expert[i] >= 0 && grid.expert[i] < 4);
        QVERIFY(grid.confidence[i] >= 0.25f - 1e-6f && grid.confidence[i] <= 1.0f);
    }
}

void TestExperiment::costReportsBothBaselines() {
    RunConfig c = smallConfig();
    c.model.experts = 8;
    c.model.topK = 2;
    auto e = Experiment::create(makeData("spirals", 100), c);
    QVERIFY(e);
    const CostReport cost = e.value()->cost();
    QVERIFY(cost.moe.paramsActive < cost.moe.paramsTotal);
    QVERIFY(cost.denseEqualParams.paramsTotal > cost.denseEqualCompute.paramsTotal);
    QVERIFY(cost.moe.flopsPerSample < cost.denseEqualParams.flopsPerSample);
    QVERIFY(cost.savingVsDenseParams() > 0.5);
}

QTEST_APPLESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
