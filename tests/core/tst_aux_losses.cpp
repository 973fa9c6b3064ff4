// Tests core/model/aux_losses.*: the golden values of moe-spec section 5 and gradients.
#include "core/model/aux_losses.h"
#include "golden.h"
#include "gradient_check.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace moe;
using namespace moe::test;

class TestAuxLosses : public QObject {
    Q_OBJECT
private slots:
    void goldenMeanProbabilities();
    void goldenLoadBalancing_data();
    void goldenLoadBalancing();
    void goldenZLoss();
    void zLossOfZeroLogitsIsLogESquared();
    void balanceIsOneWhenBalancedAndEAtCollapse();
    void balanceGradient();
    void zLossGradient();
    void softmaxBackward();
};

void TestAuxLosses::goldenMeanProbabilities() {
    Matrix p;
    softmaxRows(goldenLogits(), p);
    const double expected[] = {0.216670, 0.229105, 0.270715, 0.283510};
    for (int i = 0; i < 4; ++i) QVERIFY(std::abs(p.col(i).cast<double>().mean() - expected[i]) < 1e-6);
    double entropy = 0.0;
    for (Eigen::Index t = 0; t < 4; ++t)
        for (Eigen::Index e = 0; e < 4; ++e) entropy -= p(t, e) * std::log(static_cast<double>(p(t, e)));
    QVERIFY(std::abs(entropy / 4 - 1.364534) < 1e-6);
}

void TestAuxLosses::goldenLoadBalancing_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<std::vector<int>>("counts");
    QTest::addColumn<double>("expected");
    QTest::newRow("k=1") << 1 << std::vector<int>{0, 1, 1, 2} << 1.066840;
    QTest::newRow("k=2") << 2 << std::vector<int>{1, 2, 2, 3} << 1.033420;
}

void TestAuxLosses::goldenLoadBalancing() {
    QFETCH(int, k);
    QFETCH(std::vector<int>, counts);
    QFETCH(double, expected);
    Matrix p;
    softmaxRows(goldenLogits(), p);
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 4 * k);
    QVERIFY(std::abs(loadBalancingLoss(p, counts) - expected) < 1e-6);
}

void TestAuxLosses::goldenZLoss() {
    QVERIFY(std::abs(routerZLoss(goldenLogits()) - 2.898035) < 1e-5);
}

void TestAuxLosses::zLossOfZeroLogitsIsLogESquared() {
    const double lnE = std::log(6.0);
    QVERIFY(std::abs(routerZLoss(Matrix::Zero(3, 6)) - lnE * lnE) < 1e-6);
}

void TestAuxLosses::balanceIsOneWhenBalancedAndEAtCollapse() {
    const Matrix uniform = Matrix::Constant(8, 4, 0.25f);
    QVERIFY(std::abs(loadBalancingLoss(uniform, {2, 2, 2, 2}) - 1.0) < 1e-6);
    Matrix collapsed = Matrix::Zero(8, 4);
    collapsed.col(2).setOnes();
    QVERIFY(std::abs(loadBalancingLoss(collapsed, {0, 0, 8, 0}) - 4.0) < 1e-6);
}

void TestAuxLosses::balanceGradient() {
    Rng rng(2);
    Matrix logits = randomMatrix(6, 5, rng);
    const std::vector<int> counts{3, 0, 4, 2, 3};  // k = 2, T = 6
    const double alpha = 0.7;
    auto loss = [&] {
        Matrix p;
        softmaxRows(logits, p);
        return alpha * loadBalancingLoss(p, counts);
    };
    Matrix p, dProbs = Matrix::Zero(6, 5), dLogits = Matrix::Zero(6, 5);
    softmaxRows(logits, p);
    loadBalancingLoss(p, counts, alpha, &dProbs);
    softmaxBackwardAdd(p, dProbs, dLogits);
    const double err = relativeGradientError(logits, dLogits, loss, 1e-3f);
    QVERIFY2(err < 1e-2, qPrintable(QString::number(err)));
}

void TestAuxLosses::zLossGradient() {
    Rng rng(4);
    Matrix logits = randomMatrix(5, 4, rng, 2.0f);
    const double beta = 0.3;
    auto loss = [&] { return beta * routerZLoss(logits); };
    Matrix dLogits = Matrix::Zero(5, 4);
    routerZLoss(logits, beta, &dLogits);
    const double err = relativeGradientError(logits, dLogits, loss, 1e-3f);
    QVERIFY2(err < 1e-2, qPrintable(QString::number(err)));
}

void TestAuxLosses::softmaxBackward() {
    Rng rng(6);
    Matrix logits = randomMatrix(4, 3, rng);
    const Matrix C = randomMatrix(4, 3, rng);
    auto loss = [&] {
        Matrix p;
        softmaxRows(logits, p);
        return weightedSum(C, p);
    };
    Matrix p, dLogits = Matrix::Zero(4, 3);
    softmaxRows(logits, p);
    softmaxBackwardAdd(p, C, dLogits);
    QVERIFY(relativeGradientError(logits, dLogits, loss, 1e-3f) < 1e-2);
}

QTEST_APPLESS_MAIN(TestAuxLosses)
#include "tst_aux_losses.moc"
