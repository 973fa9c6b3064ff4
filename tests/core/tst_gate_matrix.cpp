// Tests core/train/gate_matrix.* and Experiment::gateMatrices(): one row per test sample,
// rows of softmax routers summing to 1, the same probabilities and choices as the router
// gives each sample on its own, and capacity drops marked as the routing metrics count them.
#include "core/data/generators.h"
#include "core/model/moe_network.h"
#include "core/train/experiment.h"
#include "core/train/gate_matrix.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <cmath>

using namespace moe;

Q_DECLARE_METATYPE(moe::RouterKind)

namespace {

Dataset makeData(const std::string& name, int samples) { return testing::generated(name, samples, 3); }

RunConfig config(RouterKind router, int topK) {
    RunConfig c = testing::tinyConfig(2, 32, 9);
    c.model.topK = topK;
    c.model.router = router;
    return c;
}

using testing::trained;

}  // namespace

class TestGateMatrix : public QObject {
    Q_OBJECT
private slots:
    void rowsOfSoftmaxRoutersSumToOne_data();
    void rowsOfSoftmaxRoutersSumToOne();
    void matchesTheRouterSampleBySample_data();
    void matchesTheRouterSampleBySample();
    void capacityDropsAreMarked();
    void blockModeGivesOneMatrixPerLayer();
    void regressionHasNoLabels();
};

void TestGateMatrix::rowsOfSoftmaxRoutersSumToOne_data() {
    QTest::addColumn<RouterKind>("router");
    QTest::addColumn<int>("topK");
    QTest::newRow("softmax-topk k=2") << RouterKind::SoftmaxTopK << 2;
    QTest::newRow("switch") << RouterKind::Switch << 1;
    QTest::newRow("noisy-topk") << RouterKind::NoisyTopK << 2;
    QTest::newRow("expert-choice") << RouterKind::ExpertChoice << 1;
    QTest::newRow("top-p") << RouterKind::TopP << 1;
    QTest::newRow("dense") << RouterKind::Dense << 4;
}

void TestGateMatrix::rowsOfSoftmaxRoutersSumToOne() {
    QFETCH(RouterKind, router);
    QFETCH(int, topK);
    const Dataset data = makeData("spirals", 300);
    auto e = trained(data, config(router, topK));
    const std::vector<GateMatrix> all = e->gateMatrices();
    QCOMPARE(all.size(), std::size_t{1});
    const GateMatrix& g = all.front();
    const Dataset& test = e->testSet();
    QCOMPARE(g.samples, static_cast<int>(test.rows));
    QCOMPARE(g.experts, 4);
    QCOMPARE(g.epoch, 2);
    QCOMPARE(g.probs.size(), test.rows * 4);
    QCOMPARE(g.chosen.size(), test.rows * static_cast<std::size_t>(g.places));
    QVERIFY(g.labels == test.labels);
    for (int t = 0; t < g.samples; ++t) {
        double sum = 0.0;
        for (int x = 0; x < g.experts; ++x) {
            QVERIFY(g.prob(t, x) >= 0.0f);
            sum += g.prob(t, x);
        }
        QVERIFY2(std::abs(sum - 1.0) < 1e-5, qPrintable(QStringLiteral("row %1 sums to %2").arg(t).arg(sum)));
    }
}

void TestGateMatrix::matchesTheRouterSampleBySample_data() {
    QTest::addColumn<RouterKind>("router");
    QTest::addColumn<int>("topK");
    QTest::newRow("softmax-topk k=1") << RouterKind::SoftmaxTopK << 1;
    QTest::newRow("softmax-topk k=2") << RouterKind::SoftmaxTopK << 2;
    QTest::newRow("sigmoid-bias k=2") << RouterKind::SigmoidBias << 2;
}

void TestGateMatrix::matchesTheRouterSampleBySample() {
    // Token-choice routers decide each sample alone, so routing one sample at a time through
    // a copy of the MoE must give the same row and the same chosen experts.
    QFETCH(RouterKind, router);
    QFETCH(int, topK);
    const Dataset data = makeData("blobs", 300);
    auto e = trained(data, config(router, topK));
    const GateMatrix g = e->gateMatrices().front();
    const TrainedModel copy = e->trainedModel();
    const Dataset& test = e->testSet();
    for (int t : {0, 5, g.samples / 2, g.samples - 1}) {
        Matrix x(1, static_cast<Eigen::Index>(test.cols));
        for (std::size_t c = 0; c < test.cols; ++c)
            x(0, static_cast<Eigen::Index>(c)) = test.feature(static_cast<std::size_t>(t), c);
        copy.model->forward(x, Phase::Inference);
        const Routing& r = copy.model->moeLayer(0).routing();
        for (int ex = 0; ex < g.experts; ++ex) {
            QVERIFY2(std::abs(r.probs(0, ex) - g.prob(t, ex)) < 1e-6f,
                     qPrintable(QStringLiteral("sample %1 expert %2: %3 vs %4")
                                    .arg(t).arg(ex).arg(r.probs(0, ex)).arg(g.prob(t, ex))));
            bool chosenAlone = false;
            for (int j = 0; j < r.places; ++j) chosenAlone = chosenAlone || r.expertAt(0, j) == ex;
            QCOMPARE(g.isChosen(t, ex), chosenAlone);
            QCOMPARE(g.isKept(t, ex), chosenAlone);  // no capacity limit: nothing dropped
        }
        if (router == RouterKind::SoftmaxTopK) QVERIFY(g.isChosen(t, g.topExpert(t)));
    }
}

void TestGateMatrix::capacityDropsAreMarked() {
    RunConfig c = config(RouterKind::SoftmaxTopK, 2);
    c.model.capacityFactor = 0.5;  // evaluation too: half the assignments find no slot
    auto e = trained(makeData("blobs", 300), c);
    const GateMatrix g = e->gateMatrices().front();
    int assigned = 0, kept = 0;
    for (int t = 0; t < g.samples; ++t)
        for (int ex = 0; ex < g.experts; ++ex) {
            assigned += g.isChosen(t, ex) ? 1 : 0;
            kept += g.isKept(t, ex) ? 1 : 0;
            QVERIFY(!g.isKept(t, ex) || g.isChosen(t, ex));
        }
    QCOMPARE(assigned, 2 * g.samples);
    QVERIFY(kept < assigned);
    // The same forward as the epoch's routing metrics: the same dropped share.
    const double dropped = 1.0 - static_cast<double>(kept) / assigned;
    QVERIFY2(std::abs(dropped - e->snapshot().routing.droppedFraction) < 1e-12,
             qPrintable(QStringLiteral("%1 vs %2").arg(dropped).arg(e->snapshot().routing.droppedFraction)));
}

void TestGateMatrix::blockModeGivesOneMatrixPerLayer() {
    RunConfig c = config(RouterKind::SoftmaxTopK, 1);
    c.model.mode = MoeMode::Block;
    c.model.layers = 2;
    auto e = trained(makeData("moons", 200), c);
    const std::vector<GateMatrix> all = e->gateMatrices();
    QCOMPARE(all.size(), std::size_t{2});
    for (int l = 0; l < 2; ++l) {
        QCOMPARE(all[static_cast<std::size_t>(l)].layer, l);
        QCOMPARE(all[static_cast<std::size_t>(l)].samples, static_cast<int>(e->testSet().rows));
    }
    // The second layer routes what the first produced: its gate differs.
    QVERIFY(all[0].probs != all[1].probs);
}

void TestGateMatrix::regressionHasNoLabels() {
    auto e = trained(makeData("piecewise", 200), config(RouterKind::SoftmaxTopK, 1));
    const GateMatrix g = e->gateMatrices().front();
    QVERIFY(g.labels.empty());
    QCOMPARE(g.samples, static_cast<int>(e->testSet().rows));
}

QTEST_APPLESS_MAIN(TestGateMatrix)
#include "tst_gate_matrix.moc"
