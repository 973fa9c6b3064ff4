// Tests core/model/router.* and core/model/softmax_topk_router.*
#include "core/model/router.h"
#include "core/model/softmax_topk_router.h"
#include "golden.h"
#include "gradient_check.h"

#include <QTest>

#include <set>
#include <tuple>

using namespace moe;
using namespace moe::test;

namespace {

ModelConfig routerConfig(int experts, int k, double capacity = 0.0, bool renormalize = true) {
    ModelConfig c;
    c.experts = experts;
    c.topK = k;
    c.capacityFactor = capacity;
    c.renormalize = renormalize;
    return c;
}

}  // namespace

class TestRouter : public QObject {
    Q_OBJECT
private slots:
    void selectsTopKInOrder();
    void weightsFollowConvention_data();
    void weightsFollowConvention();
    void goldenChoiceMajorMask();
    void capacityBounds();
    void gradients_data();
    void gradients();
    void zeroGradientWithoutSignal();
    void topOneKeepsTaskGradient();
};

void TestRouter::selectsTopKInOrder() {
    auto router = makeRouter(routerConfig(4, 2), 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    // Sample 0's logits .11 .2 .1 .3: first expert 3, then 1.
    QCOMPARE(r.expertAt(0, 0), 3);
    QCOMPARE(r.expertAt(0, 1), 1);
    QCOMPARE(r.expertAt(2, 0), 2);
    QCOMPARE(r.expertAt(2, 1), 3);
    QCOMPARE(r.countsBefore, (std::vector<int>{1, 2, 2, 3}));
    QCOMPARE(r.countsAfter, r.countsBefore);
    QCOMPARE(r.capacity, 0);
}

void TestRouter::weightsFollowConvention_data() {
    QTest::addColumn<bool>("renormalize");
    QTest::newRow("renormalised") << true;
    QTest::newRow("raw p") << false;
}

void TestRouter::weightsFollowConvention() {
    QFETCH(bool, renormalize);
    auto router = makeRouter(routerConfig(4, 2, 0.0, renormalize), 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    for (int t = 0; t < 4; ++t) {
        const float p0 = r.probs(t, r.expertAt(t, 0)), p1 = r.probs(t, r.expertAt(t, 1));
        const float s = renormalize ? p0 + p1 : 1.0f;
        QVERIFY(std::abs(r.weight(t, 0) - p0 / s) < 1e-7f);
        QVERIFY(std::abs(r.weight(t, 1) - p1 / s) < 1e-7f);
    }
}

void TestRouter::goldenChoiceMajorMask() {
    // moe-spec section 3: top-2, capacity factor 1 -> C = 2; (2, 3) is dropped.
    auto router = makeRouter(routerConfig(4, 2, 1.0), 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    QCOMPARE(r.capacity, 2);
    std::set<std::pair<int, int>> kept, dropped;
    for (int t = 0; t < 4; ++t)
        for (int j = 0; j < 2; ++j) (r.keptAt(t, j) ? kept : dropped).insert({t, r.expertAt(t, j)});
    const std::set<std::pair<int, int>> expectedKept{{0, 3}, {1, 1}, {2, 2}, {3, 3},
                                                     {0, 1}, {1, 0}, {3, 2}};
    QCOMPARE(kept, expectedKept);
    QCOMPARE(dropped, (std::set<std::pair<int, int>>{{2, 3}}));
    QCOMPARE(r.weight(2, 1), 0.0f);
    QVERIFY(r.weight(2, 0) > 0.0f);  // not renormalised again after the drop
}

void TestRouter::capacityBounds() {
    Rng rng(12);
    for (double factor : {0.25, 0.5, 1.0, 1.5}) {
        auto router = makeRouter(routerConfig(5, 2, factor), 3);
        router->initialize(rng);
        const Matrix X = randomMatrix(37, 3, rng, 3.0f);
        Routing r;
        router->route(X, Phase::Training, r, {});
        int kept = 0;
        for (int e = 0; e < 5; ++e) {
            QVERIFY(r.countsAfter[static_cast<std::size_t>(e)] <= r.capacity);
            kept += r.countsAfter[static_cast<std::size_t>(e)];
        }
        QVERIFY(kept <= 37 * 2);
    }
}

void TestRouter::gradients_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("renormalize");
    QTest::addColumn<double>("balance");
    QTest::addColumn<double>("z");
    QTest::newRow("top-1 task") << 1 << true << 0.0 << 0.0;
    QTest::newRow("top-2 task") << 2 << true << 0.0 << 0.0;
    QTest::newRow("top-2 raw task") << 2 << false << 0.0 << 0.0;
    QTest::newRow("top-3 balance only") << 3 << true << 0.5 << 0.0;
    QTest::newRow("top-2 z only") << 2 << true << 0.0 << 0.5;
    QTest::newRow("top-2 all") << 2 << false << 0.3 << 0.2;
}

void TestRouter::gradients() {
    QFETCH(int, k);
    QFETCH(bool, renormalize);
    QFETCH(double, balance);
    QFETCH(double, z);
    Rng rng(21);
    auto router = makeRouter(routerConfig(5, k, 0.0, renormalize), 3);
    router->initialize(rng);
    router->gate().bias() = randomMatrix(1, 5, rng, 0.2f);
    Matrix X = randomMatrix(9, 3, rng);
    const bool taskSignal = balance == 0.0 && z == 0.0;
    const Matrix C = taskSignal || balance > 0.2 ? randomMatrix(9, k, rng) : Matrix::Zero(9, k);
    const AuxLossWeights aux{balance, z};
    Routing fixed;
    router->route(X, Phase::Training, fixed, aux);
    auto loss = [&] {
        Routing r;
        router->route(X, Phase::Training, r, aux);
        // The selection must not change under the perturbation, or the check is meaningless.
        if (r.expert != fixed.expert) return std::nan("");
        return weightedSum(C, r.weight) + router->auxLoss().total();
    };
    router->zeroGrad();
    Matrix dX;
    router->backward(X, fixed, C, aux, &dX);
    std::vector<Parameter> params;
    router->collectParameters("router", params);
    for (const Parameter& p : params) {
        const Matrix analytic = *p.grad;
        const double err = relativeGradientError(*p.value, analytic, loss, 1e-3f);
        QVERIFY2(err < 1e-2, qPrintable(QString::fromStdString(p.name) + " " + QString::number(err)));
    }
    const double errX = relativeGradientError(X, dX, loss, 1e-3f);
    QVERIFY2(errX < 1e-2, qPrintable(QString::number(errX)));
}

void TestRouter::zeroGradientWithoutSignal() {
    // moe-spec section 7: no output gradient and no auxiliary weight -> exactly zero.
    Rng rng(8);
    auto router = makeRouter(routerConfig(6, 2, 0.5), 4);
    router->initialize(rng);
    const Matrix X = randomMatrix(10, 4, rng);
    Routing r;
    router->route(X, Phase::Training, r, {});
    router->zeroGrad();
    router->backward(X, r, Matrix::Zero(10, 2), {}, nullptr);
    QCOMPARE(router->gate().weightGrad().cwiseAbs().maxCoeff(), 0.0f);
    QCOMPARE(router->gate().biasGrad().cwiseAbs().maxCoeff(), 0.0f);
}

void TestRouter::topOneKeepsTaskGradient() {
    // With k = 1 the weight is the raw p (Switch, DeepSpeed top1gating): the gate must learn
    // from the task even though renormalisation is the default for k > 1.
    Rng rng(13);
    auto router = makeRouter(routerConfig(4, 1), 3);
    router->initialize(rng);
    const Matrix X = randomMatrix(6, 3, rng);
    Routing r;
    router->route(X, Phase::Training, r, {});
    for (int t = 0; t < 6; ++t) QCOMPARE(r.weight(t, 0), r.probs(t, r.expertAt(t, 0)));
    router->zeroGrad();
    router->backward(X, r, Matrix::Ones(6, 1), {}, nullptr);
    QVERIFY(router->gate().weightGrad().cwiseAbs().maxCoeff() > 0.0f);
}

QTEST_APPLESS_MAIN(TestRouter)
#include "tst_router.moc"
