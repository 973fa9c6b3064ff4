// Tests core/train/optimizer.*: decoupled weight decay touches weight matrices only,
// gradient clipping scales to the norm and reports it, and the learning rate can change
// between steps.
#include "core/train/optimizer.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace moe;

namespace {

struct TwoTensors {
    Matrix weight = Matrix::Constant(2, 3, 1.0f), weightGrad = Matrix::Zero(2, 3);
    Matrix bias = Matrix::Constant(1, 3, 1.0f), biasGrad = Matrix::Zero(1, 3);
    std::vector<Parameter> parameters() {
        return {{"fc1.weight", &weight, &weightGrad}, {"fc1.bias", &bias, &biasGrad}};
    }
};

}  // namespace

class TestOptimizer : public QObject {
    Q_OBJECT
private slots:
    void decaysWeightsNotBiases_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("adam") << static_cast<int>(OptimizerKind::Adam);
        QTest::newRow("sgd") << static_cast<int>(OptimizerKind::Sgd);
    }
    void decaysWeightsNotBiases() {
        QFETCH(int, kind);
        TrainConfig c;
        c.optimizer = static_cast<OptimizerKind>(kind);
        c.learningRate = 0.1;
        c.weightDecay = 0.5;
        std::unique_ptr<Optimizer> opt = makeOptimizer(c);
        TwoTensors t;
        opt->step(t.parameters());   // zero gradients: only the decay moves anything
        QVERIFY(t.weight.isApproxToConstant(1.0f - 0.1f * 0.5f, 1e-6f));
        QVERIFY(t.bias.isApproxToConstant(1.0f, 0.0f));
    }
    void noDecayAtZero() {
        TrainConfig c;
        c.weightDecay = 0.0;
        std::unique_ptr<Optimizer> opt = makeOptimizer(c);
        TwoTensors t;
        opt->step(t.parameters());
        QVERIFY(t.weight.isApproxToConstant(1.0f, 0.0f));
    }
    void namesThatDecay() {
        QVERIFY(decaysWeight("experts.3.fc1.weight"));
        QVERIFY(decaysWeight("router.weight"));
        QVERIFY(!decaysWeight("experts.3.fc1.bias"));
        QVERIFY(!decaysWeight("router.selection_bias"));
        QVERIFY(!decaysWeight("weight_x"));
    }
    void clipsToTheNorm() {
        TwoTensors t;
        t.weightGrad.setConstant(2.0f);   // 6 x 4
        t.biasGrad.setConstant(2.0f);     // 3 x 4: norm sqrt(36) = 6
        const double norm = clipGradients(t.parameters(), 3.0);
        QCOMPARE(norm, 6.0);
        QVERIFY(t.weightGrad.isApproxToConstant(1.0f, 1e-6f));
        QVERIFY(t.biasGrad.isApproxToConstant(1.0f, 1e-6f));
        // Under the limit, or with 0 (off), nothing changes.
        QCOMPARE(clipGradients(t.parameters(), 10.0), 3.0);
        QVERIFY(t.weightGrad.isApproxToConstant(1.0f, 1e-6f));
        QCOMPARE(clipGradients(t.parameters(), 0.0), 3.0);
    }
    void nonFiniteGradientIsReportedNotScaled() {
        TwoTensors t;
        t.weightGrad.setConstant(1.0f);
        t.biasGrad(0, 1) = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(!std::isfinite(clipGradients(t.parameters(), 1.0)));
        QVERIFY(t.weightGrad.isApproxToConstant(1.0f, 0.0f));
    }
    void learningRateChangesBetweenSteps() {
        TrainConfig c;
        c.optimizer = OptimizerKind::Sgd;
        c.momentum = 0.0;
        c.learningRate = 0.5;
        c.weightDecay = 0.0;
        std::unique_ptr<Optimizer> opt = makeOptimizer(c);
        TwoTensors t;
        t.weightGrad.setConstant(1.0f);
        opt->setLearningRate(0.25);
        QCOMPARE(opt->learningRate(), 0.25);
        opt->step(t.parameters());
        QVERIFY(t.weight.isApproxToConstant(0.75f, 1e-6f));
    }
};

QTEST_APPLESS_MAIN(TestOptimizer)
#include "tst_optimizer.moc"
