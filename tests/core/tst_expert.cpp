// Tests core/model/expert.*
#include "core/model/expert.h"
#include "gradient_check.h"

#include <QTest>

using namespace moe;
using namespace moe::test;

Q_DECLARE_METATYPE(moe::Activation)

class TestExpert : public QObject {
    Q_OBJECT
private slots:
    void gradients_data();
    void gradients();
    void costFollowsSpec();
};

void TestExpert::gradients_data() {
    QTest::addColumn<Activation>("kind");
    QTest::newRow("relu") << Activation::Relu;
    QTest::newRow("tanh") << Activation::Tanh;
    QTest::newRow("gelu") << Activation::Gelu;
}

void TestExpert::gradients() {
    QFETCH(Activation, kind);
    Rng rng(11);
    Expert expert(3, 6, 2, kind);
    expert.initialize(rng);
    Matrix X = randomMatrix(8, 3, rng);
    const Matrix C = randomMatrix(8, 2, rng);
    auto loss = [&] {
        Expert::Cache cache;
        Matrix Y;
        expert.forward(X, cache, Y);
        return weightedSum(C, Y);
    };
    Expert::Cache cache;
    Matrix Y, dX;
    expert.forward(X, cache, Y);
    expert.zeroGrad();
    expert.backward(X, cache, C, &dX);
    std::vector<Parameter> params;
    expert.collectParameters("e", params);
    QCOMPARE(params.size(), std::size_t{4});
    for (const Parameter& p : params) {
        const Matrix analytic = *p.grad;
        const double err = relativeGradientError(*p.value, analytic, loss, 1e-3f);
        QVERIFY2(err < 1e-2, qPrintable(QString::fromStdString(p.name) + " " + QString::number(err)));
    }
    const double errX = relativeGradientError(X, dX, loss, 1e-3f);
    QVERIFY2(errX < 1e-2, qPrintable(QString::number(errX)));
}

void TestExpert::costFollowsSpec() {
    // moe-spec section 6: params d*h + h + h*out + out, FLOPs 2*(d*h + h*out).
    const int d = 5, h = 7, out = 3;
    Expert expert(d, h, out, Activation::Relu);
    QCOMPARE(expert.parameterCount(), std::int64_t{d * h + h + h * out + out});
    QCOMPARE(expert.flopsPerSample(), 2.0 * (d * h + h * out));
}

QTEST_APPLESS_MAIN(TestExpert)
#include "tst_expert.moc"
