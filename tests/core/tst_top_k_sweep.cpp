// Tests core/train/top_k_sweep.*: overriding top-k at inference keeps the trained weights
// (k = the training k reproduces the model's test metrics bit for bit), the FLOPs grow
// with k, and routers without a k to vary give no sweep.
#include "core/data/generators.h"
#include "core/train/evaluate.h"
#include "core/train/experiment.h"
#include "core/train/top_k_sweep.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <cstring>

using namespace moe;

namespace {

Dataset makeData(const std::string& name) { return testing::generated(name, 300, 3); }

RunConfig config(RouterKind router, int topK, MoeMode mode) {
    RunConfig c = testing::tinyConfig(3, 32, 7);
    c.model.topK = topK;
    c.model.router = router;
    c.model.mode = mode;
    return c;
}

using testing::trained;

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

class TestTopKSweep : public QObject {
    Q_OBJECT
private slots:
    void trainingKReproducesTheModel_data();
    void trainingKReproducesTheModel();
    void flopsGrowWithK();
    void routingUsesTheNewK();
    void routersWithoutK_data();
    void routersWithoutK();
};

void TestTopKSweep::trainingKReproducesTheModel_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("topK");
    QTest::addColumn<int>("mode");
    QTest::newRow("softmax-topk k=2") << "spirals" << int(RouterKind::SoftmaxTopK) << 2 << int(MoeMode::Mixture);
    QTest::newRow("softmax-topk k=1") << "blobs" << int(RouterKind::SoftmaxTopK) << 1 << int(MoeMode::Mixture);
    QTest::newRow("noisy-topk") << "spirals" << int(RouterKind::NoisyTopK) << 2 << int(MoeMode::Mixture);
    QTest::newRow("sigmoid-bias") << "moons" << int(RouterKind::SigmoidBias) << 2 << int(MoeMode::Mixture);
    QTest::newRow("hash") << "blobs" << int(RouterKind::Hash) << 3 << int(MoeMode::Mixture);
    QTest::newRow("block mode") << "spirals" << int(RouterKind::SoftmaxTopK) << 2 << int(MoeMode::Block);
    QTest::newRow("regression") << "piecewise" << int(RouterKind::SoftmaxTopK) << 2 << int(MoeMode::Mixture);
}

void TestTopKSweep::trainingKReproducesTheModel() {
    QFETCH(QString, dataset);
    QFETCH(int, router);
    QFETCH(int, topK);
    QFETCH(int, mode);
    const Dataset data = makeData(dataset.toStdString());
    auto e = trained(data, config(static_cast<RouterKind>(router), topK, static_cast<MoeMode>(mode)));
    const std::vector<TopKPoint> sweep = e->topKSweep();
    QCOMPARE(sweep.size(), std::size_t{4});
    for (std::size_t i = 0; i < sweep.size(); ++i) QCOMPARE(sweep[i].k, static_cast<int>(i) + 1);
    const TopKPoint& same = sweep[static_cast<std::size_t>(topK - 1)];
    const ModelMetrics& m = e->snapshot().moe;
    QVERIFY(sameBits(same.metrics.testLoss, m.testLoss));
    if (data.task == Task::Classification) {
        QVERIFY(sameBits(same.metrics.testAccuracy, m.testAccuracy));
    } else {
        QVERIFY(sameBits(same.metrics.testR2, m.testR2));
        QVERIFY(sameBits(same.metrics.testMse, m.testMse));
    }
    QCOMPARE(same.cost.flopsPerSample, e->cost().moe.flopsPerSample);
    QCOMPARE(same.cost.paramsActive, e->cost().moe.paramsActive);
    QCOMPARE(same.cost.paramsTotal, e->cost().moe.paramsTotal);

    // The free function on a copy of the trained model agrees with the experiment's sweep.
    const TrainedModel tm = e->trainedModel();
    const TopKPoint again = evaluateAtTopK(*tm.model, topK, e->testSet(), tm.targetScaler);
    QVERIFY(sameBits(again.metrics.testLoss, m.testLoss));
}

void TestTopKSweep::flopsGrowWithK() {
    const Dataset data = makeData("spirals");
    auto e = trained(data, config(RouterKind::SoftmaxTopK, 2, MoeMode::Mixture));
    const std::vector<TopKPoint> sweep = e->topKSweep();
    QCOMPARE(sweep.size(), std::size_t{4});
    const ModelCost base = e->cost().moe;
    for (std::size_t i = 1; i < sweep.size(); ++i) {
        QVERIFY(sweep[i].cost.flopsPerSample > sweep[i - 1].cost.flopsPerSample);
        QVERIFY(sweep[i].cost.paramsActive > sweep[i - 1].cost.paramsActive);
        QCOMPARE(sweep[i].cost.paramsTotal, base.paramsTotal);  // the same weights
        QCOMPARE(sweep[i].cost.gateFlops, base.gateFlops);      // the gate does not change
    }
    // Each k moves experts and combine by the same step: one expert's FLOPs plus 2 x outputs.
    const double step = sweep[1].cost.flopsPerSample - sweep[0].cost.flopsPerSample;
    QCOMPARE(sweep[3].cost.flopsPerSample - sweep[2].cost.flopsPerSample, step);
    QCOMPARE(sweep[1].cost.expertFlops, 2.0 * sweep[0].cost.expertFlops);
}

void TestTopKSweep::routingUsesTheNewK() {
    const Dataset data = makeData("blobs");
    auto e = trained(data, config(RouterKind::SoftmaxTopK, 1, MoeMode::Mixture));
    const TrainedModel tm = e->trainedModel();
    std::unique_ptr<MoeNetwork> three = withTopK(*tm.model, 3);
    QCOMPARE(three->config().topK, 3);
    Matrix X;
    toMatrix(e->testSet(), X);
    three->forward(X, Phase::Inference);
    const Routing& r = three->moeLayer(0).routing();
    QCOMPARE(r.places, 3);
    for (int t = 0; t < r.samples; ++t) {
        QCOMPARE(r.expertAt(t, 0) >= 0 && r.expertAt(t, 1) >= 0 && r.expertAt(t, 2) >= 0, true);
        // Renormalised over the chosen three: the weights sum to one.
        QVERIFY(std::abs(r.weight.row(t).sum() - 1.0f) < 1e-5f);
    }
    // The original copy still routes to one expert.
    QCOMPARE(tm.model->config().topK, 1);
}

void TestTopKSweep::routersWithoutK_data() {
    QTest::addColumn<int>("router");
    QTest::addColumn<int>("topK");
    QTest::newRow("switch") << int(RouterKind::Switch) << 1;
    QTest::newRow("dense") << int(RouterKind::Dense) << 1;
    QTest::newRow("top-p") << int(RouterKind::TopP) << 1;
    QTest::newRow("expert-choice") << int(RouterKind::ExpertChoice) << 1;
}

void TestTopKSweep::routersWithoutK() {
    QFETCH(int, router);
    QFETCH(int, topK);
    QVERIFY(!topKSweepApplies(static_cast<RouterKind>(router)));
    const Dataset data = makeData("blobs");
    RunConfig c = config(static_cast<RouterKind>(router), topK, MoeMode::Mixture);
    c.train.epochs = 1;
    auto e = trained(data, c);
    QVERIFY(e->topKSweep().empty());
}

QTEST_APPLESS_MAIN(TestTopKSweep)
#include "tst_top_k_sweep.moc"
