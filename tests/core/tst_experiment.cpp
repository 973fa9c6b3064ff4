// Tests core/train/experiment.*: determinism across thread counts, stop and resume,
// observer protocol, learning, and the territory grid.
#include "core/data/generators.h"
#include "core/train/evaluate.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <random>

using namespace moe;

namespace {

Dataset makeData(const std::string& name, int samples) { return testing::generated(name, samples, 5); }

RunConfig smallConfig() { return testing::tinyConfig(4, 64, 11); }

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

// rows x 4 features in different units, correlated so the principal plane is not the
// plane of two features; classification (3 classes by the sign pattern) or regression.
Dataset fourFeatures(Task task) {
    Dataset d;
    d.name = "four";
    d.task = task;
    d.rows = 240;
    d.cols = 4;
    d.featureNames = {"a", "b", "c", "d"};
    Rng rng(17);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (std::size_t r = 0; r < d.rows; ++r) {
        const float s = n(rng), t = n(rng);
        const float row[4] = {10.0f + 3.0f * s, -2.0f + 0.5f * (s + t), 100.0f + 20.0f * t + n(rng), 0.1f * n(rng)};
        d.features.insert(d.features.end(), row, row + 4);
        if (task == Task::Classification) d.labels.push_back(s > 0.5f ? 2 : (t > 0.0f ? 1 : 0));
        else d.values.push_back(3.0f * s - t + 0.1f * n(rng));
    }
    if (task == Task::Classification) d.classNames = {"low", "mid", "high"};
    return d;
}

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
    void twoFeatureTerritoryUnchangedByPlane();
    void territoryOnPcaPlaneCentresOnDataMean_data();
    void territoryOnPcaPlaneCentresOnDataMean();
    void costReportsBothBaselines();
    void topPCostCountsMeasuredExpertsPerSample();
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

void TestExperiment::twoFeatureTerritoryUnchangedByPlane() {
    auto e = Experiment::create(makeData("spirals", 200), smallConfig());
    QVERIFY(e);
    Recorder r;
    e.value()->run(r);
    const GridSpec spec = e.value()->defaultGrid(30, 20);
    // Two features: the identity plane, and the extent of the raw features plus 8%.
    QVERIFY(spec.plane);
    QCOMPARE(spec.plane->kind(), FeaturePlane::Kind::Features);
    const Dataset& d = e.value()->data();
    float lo = d.feature(0, 0), hi = lo;
    for (std::size_t i = 0; i < d.rows; ++i) lo = std::min(lo, d.feature(i, 0)), hi = std::max(hi, d.feature(i, 0));
    QVERIFY(std::abs(spec.xMin - (lo - 0.08 * (hi - lo))) < 1e-5);
    QVERIFY(std::abs(spec.xMax - (hi + 0.08 * (hi - lo))) < 1e-5);
    // The plane changes nothing: the same grid, bit for bit, as the plain first-two-features grid.
    GridSpec plain = spec;
    plain.plane.reset();
    const TerritoryGrid a = e.value()->territory(spec), b = e.value()->territory(plain);
    QCOMPARE(a.expert.size(), std::size_t{600});
    QVERIFY(a.expert == b.expert);
    QVERIFY(a.confidence == b.confidence);
    QVERIFY(a.predictedClass == b.predictedClass);
}

void TestExperiment::territoryOnPcaPlaneCentresOnDataMean_data() {
    QTest::addColumn<bool>("classification");
    QTest::newRow("classification") << true;
    QTest::newRow("regression") << false;
}

void TestExperiment::territoryOnPcaPlaneCentresOnDataMean() {
    QFETCH(bool, classification);
    auto e = Experiment::create(fourFeatures(classification ? Task::Classification : Task::Regression), smallConfig());
    QVERIFY(e);
    Recorder r;
    e.value()->run(r);
    GridSpec spec = e.value()->defaultGrid(40, 40);
    QVERIFY(spec.plane);
    QCOMPARE(spec.plane->kind(), FeaturePlane::Kind::Principal);
    QCOMPARE(spec.plane->cols(), std::size_t{4});
    // The plane goes through the training mean, and the data's projections are centred on it.
    const std::vector<float>& mean = e.value()->standardizer().mean();
    QVERIFY(spec.plane->pointAt(0.0, 0.0) == mean);
    QVERIFY(spec.xMin < 0.0 && spec.xMax > 0.0 && spec.yMin < 0.0 && spec.yMax > 0.0);
    const std::array<double, 2> atMean = spec.plane->project(mean.data());
    QVERIFY(std::abs(atMean[0]) < 1e-9 && std::abs(atMean[1]) < 1e-9);

    // A 3 x 3 grid on [-1, 1]^2: its centre cell is the plane's origin.
    spec.xMin = spec.yMin = -1.0;
    spec.xMax = spec.yMax = 1.0;
    spec.width = spec.height = 3;
    const TerritoryGrid grid = e.value()->territory(spec);
    QCOMPARE(grid.expert.size(), std::size_t{9});
    const TrainedModel tm = e.value()->trainedModel();
    Dataset one = e.value()->data().subset({0});
    one.features = mean;
    const Predictions p = predict(tm, one);
    Eigen::Index top = 0;
    const float topGate = p.gateProbabilities[0].row(0).maxCoeff(&top);
    QCOMPARE(grid.expert[4], static_cast<int>(top));
    QVERIFY(std::abs(grid.confidence[4] - topGate) < 1e-5f);
    if (classification) {
        QCOMPARE(grid.predictedClass[4], p.predictedClass[0]);
    } else {
        QVERIFY2(std::abs(grid.predictedValue[4] - p.predictedValue[0]) < 1e-4f,
                 qPrintable(QStringLiteral("%1 vs %2").arg(grid.predictedValue[4]).arg(p.predictedValue[0])));
    }
    // Off the origin the cells are other points of the slice: not all the same input.
    Dataset corner = one;
    corner.features = spec.plane->pointAt(-2.0 / 3.0, 2.0 / 3.0);
    const Predictions q = predict(tm, corner);
    QVERIFY(std::abs(grid.confidence[0] - q.gateProbabilities[0].row(0).maxCoeff()) < 1e-5f);
    QVERIFY(corner.features != mean);
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

// moe-spec section 6: with top-p the cost counts the measured average experts per sample,
// so two thresholds that route differently must cost differently.
void TestExperiment::topPCostCountsMeasuredExpertsPerSample() {
    double flops[2] = {0.0, 0.0};
    double used[2] = {0.0, 0.0};
    const double thresholds[2] = {0.3, 0.9};
    for (int i = 0; i < 2; ++i) {
        RunConfig c = smallConfig();
        c.model.experts = 8;
        c.model.router = RouterKind::TopP;
        c.model.topPThreshold = thresholds[i];
        c.train.epochs = 2;
        auto e = Experiment::create(makeData("circles", 100), c);
        QVERIFY(e);
        Recorder observer;
        QVERIFY(e.value()->run(observer));
        const RoutingStats& routing = e.value()->snapshot().routing;
        QVERIFY(routing.expertsPerSample > 0.0);
        const ModelCost moe = e.value()->cost().moe;
        const double h = c.model.hidden;
        const double expertFlops = 2.0 * (2.0 * h + h * 2.0);  // 2 features -> h -> 2 classes
        QCOMPARE(moe.expertFlops, routing.expertsPerSample * expertFlops);
        QCOMPARE(moe.combineFlops, 2.0 * routing.expertsPerSample * 2);
        flops[i] = moe.flopsPerSample;
        used[i] = routing.expertsPerSample;
    }
    QVERIFY(used[1] > used[0]);
    QVERIFY(flops[1] > flops[0]);
}

QTEST_APPLESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
