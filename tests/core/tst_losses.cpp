// Tests core/model/losses.* and core/train/optimizer.*
#include "core/model/losses.h"
#include "core/train/optimizer.h"
#include "gradient_check.h"

#include <QTest>

#include <cmath>

using namespace moe;
using namespace moe::test;

class TestLosses : public QObject {
    Q_OBJECT
private slots:
    void crossEntropyValue();
    void crossEntropyGradient();
    void meanSquaredErrorValueAndGradient();
    void adamFirstStepMovesByLearningRate();
    void sgdMomentumAccumulates();
};

void TestLosses::crossEntropyValue() {
    Matrix logits = Matrix::Zero(2, 4);
    const int labels[] = {1, 3};
    QVERIFY(std::abs(crossEntropy(logits, labels) - std::log(4.0)) < 1e-6);
    logits(0, 1) = 100.0f;  // confident and right: stable, near zero
    logits(1, 0) = 100.0f;  // confident and wrong: stable, near 100
    QVERIFY(std::abs(crossEntropy(logits, labels) - 50.0) < 1e-3);
}

void TestLosses::crossEntropyGradient() {
    Rng rng(1);
    Matrix logits = randomMatrix(6, 3, rng);
    const int labels[] = {0, 2, 1, 1, 0, 2};
    Matrix d;
    crossEntropy(logits, labels, &d);
    QVERIFY(relativeGradientError(logits, d, [&] { return crossEntropy(logits, labels); }, 1e-3f) < 1e-2);
}

void TestLosses::meanSquaredErrorValueAndGradient() {
    Matrix y(3, 1);
    y << 1, 2, 3;
    const float targets[] = {1, 0, 5};
    QVERIFY(std::abs(meanSquaredError(y, targets) - 8.0 / 3.0) < 1e-6);
    Matrix d;
    meanSquaredError(y, targets, &d);
    QVERIFY(relativeGradientError(y, d, [&] { return meanSquaredError(y, targets); }, 1e-2f) < 1e-3);
}

void TestLosses::adamFirstStepMovesByLearningRate() {
    // With bias correction the first Adam step is lr * sign(g) (up to eps).
    Matrix w(1, 3), g(1, 3);
    w << 1, 1, 1;
    g << 0.5f, -2, 1e-3f;
    Adam adam(0.1);
    adam.step({{"w", &w, &g}});
    QVERIFY(std::abs(w(0, 0) - 0.9f) < 1e-5f);
    QVERIFY(std::abs(w(0, 1) - 1.1f) < 1e-5f);
    QVERIFY(std::abs(w(0, 2) - 0.9f) < 1e-4f);
}

void TestLosses::sgdMomentumAccumulates() {
    Matrix w(1, 1), g(1, 1);
    w << 0;
    g << 1;
    Sgd sgd(0.1, 0.9);
    sgd.step({{"w", &w, &g}});   // v = 1, w = -0.1
    sgd.step({{"w", &w, &g}});   // v = 1.9, w = -0.29
    QVERIFY(std::abs(w(0, 0) + 0.29f) < 1e-6f);
}

QTEST_APPLESS_MAIN(TestLosses)
#include "tst_losses.moc"
