// Tests core/train/model_run.* (and the WeightCopy it keeps): early stopping keeps the best
// validation epoch's weights and stops after the patience; without selection the last
// epoch is kept; a non-finite loss stops the model at once with the weights it kept and a
// message naming the model, epoch and batch; the routing-bias buffer is kept with the weights.
#include "core/model/dense_mlp.h"
#include "core/model/moe_network.h"
#include "core/train/model_run.h"

#include <QTest>

#include <limits>

using namespace moe;

namespace {

ModelRun denseRun(const TrainConfig& config) {
    auto mlp = std::make_unique<DenseMlp>(2, 4, 2, Activation::Relu);
    Rng rng(3);
    mlp->initialize(rng);
    return ModelRun(std::move(mlp), nullptr, "the test model", config);
}

Matrix batch() {
    Matrix X(4, 2);
    X << 1, 0, 0, 1, -1, 0, 0, -1;
    return X;
}

const int kLabels[4] = {0, 1, 0, 1};

Matrix firstWeight(ModelRun& run) { return *run.model().parameters().front().value; }

}  // namespace

class TestModelRun : public QObject {
    Q_OBJECT
private slots:
    void keepsTheBestValidationEpochAndStopsAfterPatience() {
        TrainConfig c;
        ModelRun run = denseRun(c);
        const Matrix X = batch();
        run.endEpoch(0, 1.0, true, 2);
        run.step(X, {kLabels, nullptr}, 0.1, 1, 1);
        run.endEpoch(1, 0.5, true, 2);   // best
        const Matrix best = firstWeight(run);
        run.step(X, {kLabels, nullptr}, 0.1, 2, 1);
        run.endEpoch(2, 0.7, true, 2);
        QVERIFY(run.training());
        run.step(X, {kLabels, nullptr}, 0.1, 3, 1);
        QVERIFY(firstWeight(run) != best);
        run.endEpoch(3, 0.6, true, 2);   // better than 0.7, not than 0.5: patience runs out
        QVERIFY(run.stoppedEarly());
        QVERIFY(!run.training());
        QCOMPARE(run.bestEpoch(), 1);
        run.finish();
        QVERIFY(firstWeight(run) == best);
    }
    void withoutSelectionKeepsTheLastEpoch() {
        ModelRun run = denseRun(TrainConfig{});
        const Matrix X = batch();
        run.endEpoch(0, kNotApplicable, false, 0);
        for (int epoch = 1; epoch <= 3; ++epoch) {
            run.step(X, {kLabels, nullptr}, 0.1, epoch, 1);
            run.endEpoch(epoch, kNotApplicable, false, 0);
        }
        QCOMPARE(run.bestEpoch(), 3);
        QVERIFY(run.training());
        const Matrix last = firstWeight(run);
        run.finish();
        QVERIFY(firstWeight(run) == last);
    }
    void nonFiniteLossStopsWithTheKeptWeights() {
        TrainConfig c;
        c.learningRate = 0.02;
        ModelRun run = denseRun(c);
        Matrix X = batch();
        run.endEpoch(0, 1.0, true, 5);
        run.step(X, {kLabels, nullptr}, 0.1, 1, 1);
        run.endEpoch(1, 0.9, true, 5);
        const Matrix kept = firstWeight(run);
        run.step(X, {kLabels, nullptr}, 0.1, 2, 1);
        run.step(X, {kLabels, nullptr}, 0.1, 2, 2);
        X(1, 1) = std::numeric_limits<float>::infinity();
        run.step(X, {kLabels, nullptr}, 0.1, 2, 3);
        QVERIFY(run.diverged());
        QVERIFY(!run.training());
        QVERIFY(firstWeight(run) == kept);
        const QString why = QString::fromStdString(run.divergence());
        QVERIFY2(why.contains("the test model diverged in epoch 2, batch 3"), qPrintable(why));
        QVERIFY2(why.contains("kept the weights of epoch 1"), qPrintable(why));
        QVERIFY2(why.contains("--lr, now 0.02") && why.contains("--clip-norm"), qPrintable(why));
        // Nothing more happens to it.
        run.endEpoch(2, 0.1, true, 5);
        QCOMPARE(run.bestEpoch(), 1);
    }
    void nonFiniteValidationLossDiverges() {
        ModelRun run = denseRun(TrainConfig{});
        run.endEpoch(0, 1.0, true, 5);
        run.endEpoch(1, std::numeric_limits<double>::quiet_NaN(), true, 5);
        QVERIFY(run.diverged());
        QVERIFY(QString::fromStdString(run.divergence()).contains("validation loss is not finite"));
    }
    void keepsTheRoutingBiasWithTheWeights() {
        ModelConfig m;
        m.router = RouterKind::SigmoidBias;
        m.experts = 4;
        m.topK = 2;
        m.hidden = 4;
        std::unique_ptr<MoeNetwork> net = makeMoeNetwork(m, 2, 2, AuxLossWeights{});
        Rng rng(5);
        net->initialize(rng);
        MoeNetwork* raw = net.get();
        QVERIFY(!raw->buffers().empty());
        ModelRun run(std::move(net), raw, "the MoE", TrainConfig{});
        run.endEpoch(0, 1.0, true, 3);
        const Matrix bias = *raw->buffers().front().value;
        raw->buffers().front().value->setConstant(7.0f);   // what later steps would do to it
        run.endEpoch(1, 2.0, true, 3);                      // worse: not kept
        run.finish();
        QVERIFY(*raw->buffers().front().value == bias);
    }
};

QTEST_APPLESS_MAIN(TestModelRun)
#include "tst_model_run.moc"
