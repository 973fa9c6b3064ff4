// Tests core/model/linear.* and core/model/activation.*
#include "core/model/activation.h"
#include "core/model/linear.h"
#include "gradient_check.h"

#include <QTest>

using namespace moe;
using namespace moe::test;

Q_DECLARE_METATYPE(moe::Activation)

class TestLinear : public QObject {
    Q_OBJECT
private slots:
    void forwardIsAffine();
    void gradientsMatchCentralDifferences();
    void activationGradients_data();
    void activationGradients();
    void backwardAccumulatesUntilZeroed();
};

void TestLinear::forwardIsAffine() {
    Linear fc(2, 3);
    fc.weight() << 1, 2, 3, 4, 5, 6;
    fc.bias() << 0.5f, -1, 0;
    Matrix X(1, 2);
    X << 1, -1;
    Matrix Y;
    fc.forward(X, Y);
    QCOMPARE(Y(0, 0), -2.5f);
    QCOMPARE(Y(0, 1), -4.0f);
    QCOMPARE(Y(0, 2), -3.0f);
    QCOMPARE(fc.parameterCount(), std::int64_t{9});
    QCOMPARE(fc.flopsPerSample(), 12.0);
}

void TestLinear::gradientsMatchCentralDifferences() {
    Rng rng(3);
    Linear fc(4, 5);
    fc.initialize(rng, std::nullopt);
    fc.bias() = randomMatrix(1, 5, rng, 0.1f);
    Matrix X = randomMatrix(7, 4, rng);
    const Matrix C = randomMatrix(7, 5, rng);
    auto loss = [&] {
        Matrix Y;
        fc.forward(X, Y);
        return weightedSum(C, Y);
    };
    fc.zeroGrad();
    Matrix dX;
    fc.backward(X, C, &dX);
    const Matrix gW = fc.weightGrad(), gB = fc.biasGrad();
    QVERIFY(relativeGradientError(fc.weight(), gW, loss) < 1e-3);
    QVERIFY(relativeGradientError(fc.bias(), gB, loss) < 1e-3);
    QVERIFY(relativeGradientError(X, dX, loss) < 1e-3);
}

void TestLinear::activationGradients_data() {
    QTest::addColumn<Activation>("kind");
    QTest::newRow("relu") << Activation::Relu;
    QTest::newRow("tanh") << Activation::Tanh;
    QTest::newRow("gelu") << Activation::Gelu;
}

void TestLinear::activationGradients() {
    QFETCH(Activation, kind);
    Rng rng(5);
    Matrix Z = randomMatrix(6, 5, rng);
    // Keep ReLU inputs away from its kink, where a central difference is not a derivative.
    for (Eigen::Index i = 0; i < Z.size(); ++i)
        if (std::abs(Z.data()[i]) < 0.05f) Z.data()[i] = 0.3f;
    const Matrix C = randomMatrix(6, 5, rng);
    auto loss = [&] {
        Matrix A;
        activate(kind, Z, A);
        return weightedSum(C, A);
    };
    Matrix dZ;
    activationBackward(kind, Z, C, dZ);
    const double err = relativeGradientError(Z, dZ, loss, 1e-3f);
    QVERIFY2(err < 5e-3, qPrintable(QString::number(err)));
}

void TestLinear::backwardAccumulatesUntilZeroed() {
    Rng rng(9);
    Linear fc(3, 2);
    fc.initialize(rng, Activation::Relu);
    const Matrix X = randomMatrix(4, 3, rng);
    const Matrix dY = randomMatrix(4, 2, rng);
    fc.zeroGrad();
    fc.backward(X, dY, nullptr);
    const Matrix once = fc.weightGrad();
    fc.backward(X, dY, nullptr);
    QVERIFY(fc.weightGrad().isApprox(2.0f * once));
    fc.zeroGrad();
    QCOMPARE(fc.weightGrad().squaredNorm(), 0.0f);
}

QTEST_APPLESS_MAIN(TestLinear)
#include "tst_linear.moc"
