// Tests core/train/evaluate.*: the routing metrics of moe-spec section 5 on the golden
// routing of section 3, and the specialisation matrix.
#include "core/model/aux_losses.h"
#include "core/train/evaluate.h"
#include "golden.h"

#include <QTest>

#include <cmath>

using namespace moe;
using namespace moe::test;

namespace {

Routing goldenRouting(double capacity) {
    ModelConfig c;
    c.experts = 4;
    c.topK = 2;
    c.capacityFactor = capacity;
    c.evalCapacityFactor = capacity;
    auto router = makeRouter(c, 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    return r;
}

bool near(double a, double b, double tolerance = 1e-6) { return std::abs(a - b) < tolerance; }

}  // namespace

class TestEvaluate : public QObject {
    Q_OBJECT
private slots:
    void goldenDropless();
    void goldenWithCapacity();
    void importanceCvGolden();
    void specialisation();
};

void TestEvaluate::goldenDropless() {
    const RoutingStats s = routingStats(goldenRouting(0.0));
    // Counts [1, 2, 2, 3] of 8 assignments.
    QCOMPARE(s.expertCount, (std::vector<int>{1, 2, 2, 3}));
    QVERIFY(near(s.expertLoad[3], 3.0 / 8));
    QVERIFY(near(s.balanceLoss, 1.033420));
    QVERIFY(near(s.zLoss, 2.898035, 1e-5));
    QVERIFY(near(s.gateEntropy * std::log(4.0), 1.364534));
    QVERIFY(near(s.meanGate[0], 0.216670));
    QCOMPARE(s.droppedFraction, 0.0);
    QCOMPARE(s.expertsPerSample, 2.0);
    QCOMPARE(s.samplesLeftBehind, 0.0);
    QVERIFY(near(s.maxViolation, (3.0 - 2.0) / 2.0));
    const double cv = std::sqrt((1.0 + 0.0 + 0.0 + 1.0) / 4.0) / 2.0;  // loads 1,2,2,3: mean 2
    QVERIFY(near(s.loadCv, cv));
    const double entropy = -(0.125 * std::log(0.125) + 2 * 0.25 * std::log(0.25) + 0.375 * std::log(0.375));
    QVERIFY(near(s.usageEntropy, entropy / std::log(4.0)));
}

void TestEvaluate::goldenWithCapacity() {
    // Choice-major, C = 2: (2, 3) is dropped, so sample 2 keeps one expert of two.
    const RoutingStats s = routingStats(goldenRouting(1.0));
    QCOMPARE(s.expertCount, (std::vector<int>{1, 2, 2, 2}));
    QVERIFY(near(s.expertLoadBefore[3], 3.0 / 8));
    QVERIFY(near(s.droppedFraction, 1.0 / 8));
    QVERIFY(near(s.expertsPerSample, 7.0 / 4));
    QCOMPARE(s.expertsPerSampleHistogram, (std::vector<double>{0.0, 0.25, 0.75, 0.0, 0.0}));
    QVERIFY(near(s.maxViolation, (2.0 - 1.75) / 1.75));
    QVERIFY(s.loadCv < s.loadCvBefore);
}

void TestEvaluate::importanceCvGolden() {
    // moe-spec section 5: importance CV^2 (unbiased, raw p) = 0.016531.
    Matrix p;
    softmaxRows(goldenLogits(), p);
    std::vector<double> importance;
    for (int e = 0; e < 4; ++e) importance.push_back(p.col(e).cast<double>().sum());
    QVERIFY(near(squaredCv(importance), 0.016531));
    QCOMPARE(squaredCv({3.0}), 0.0);  // E = 1 gives 0
}

void TestEvaluate::specialisation() {
    Routing r = goldenRouting(0.0);
    // Classes that follow each sample's first expert exactly still share second choices.
    const int labels[] = {0, 1, 0, 1};
    const RoutingStats s = routingStats(r, labels, 2);
    QCOMPARE(s.classExpert.size(), std::size_t{2});
    for (const auto& row : s.classExpert) {
        double sum = 0.0;
        for (double v : row) sum += v;
        QVERIFY(near(sum, 1.0));
    }
    QVERIFY(s.classExpertNmi >= 0.0 && s.classExpertNmi <= 1.0);
    // A router that sends each class to its own experts has NMI 1.
    r.expert = {0, 1, 0, 1, 2, 3, 2, 3};
    r.countsAfter = {2, 2, 2, 2};
    const int split[] = {0, 0, 1, 1};
    QVERIFY(near(routingStats(r, split, 2).classExpertNmi, 1.0));
    // Labels independent of the experts: NMI 0.
    r.expert = {0, 1, 0, 1, 0, 1, 0, 1};
    r.countsAfter = {4, 4, 0, 0};
    QVERIFY(near(routingStats(r, split, 2).classExpertNmi, 0.0));
}

QTEST_APPLESS_MAIN(TestEvaluate)
#include "tst_evaluate.moc"
