// Tests core/model/block_moe_model.*, core/model/residual_mlp.* and the classic mixture's
// shapes in core/model/moe_model.*: shared experts and the competitive loss.
#include "core/model/block_moe_model.h"
#include "core/model/moe_model.h"
#include "core/model/residual_mlp.h"
#include "gradient_check.h"

#include <QTest>

#include <cmath>

using namespace moe;
using namespace moe::test;

namespace {

ModelConfig blockConfig(int layers, RouterKind router = RouterKind::SoftmaxTopK, double capacity = 0.0) {
    ModelConfig c;
    c.mode = MoeMode::Block;
    c.experts = 4;
    c.topK = 2;
    c.hidden = 5;
    c.modelWidth = 3;
    c.layers = layers;
    c.router = router;
    c.activation = Activation::Tanh;
    c.capacityFactor = capacity;
    c.evalCapacityFactor = capacity;
    return c;
}

// Central differences of loss (the model's own task objective plus its auxiliary losses)
// against backwardTask() for every parameter; entries where a perturbation flips a routing
// choice are skipped, and at most a tenth may be.
void checkTaskGradients(Model& model, Matrix& X, const Targets& targets) {
    auto loss = [&] {
        model.forward(X, Phase::Training);
        model.zeroGrad();
        return model.backwardTask(targets) + model.auxLoss();
    };
    model.forward(X, Phase::Training);
    model.zeroGrad();
    model.backwardTask(targets);
    std::vector<Matrix> analytic;
    const std::vector<Parameter> params = model.parameters();
    for (const Parameter& p : params) analytic.push_back(*p.grad);
    int skipped = 0, total = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const double err = relativeGradientError(*params[i].value, analytic[i], loss, 1e-3f, &skipped);
        total += static_cast<int>(params[i].value->size());
        QVERIFY2(err < 2e-2, qPrintable(QString::fromStdString(params[i].name) + " " + QString::number(err)));
    }
    QVERIFY2(skipped * 10 <= total, qPrintable(QString("%1 of %2 skipped").arg(skipped).arg(total)));
}

}  // namespace

Q_DECLARE_METATYPE(moe::RouterKind)

class TestBlockMoeModel : public QObject {
    Q_OBJECT
private slots:
    void gradients_data();
    void gradients();
    void droppedSamplePassesThroughResidual();
    void residualMlpGradients();
    void sharedExpertGradients();
    void competitiveClassificationGradients();
    void competitiveRegressionGradients();
    void competitiveOutputIsLogMixture();
    void cloneIsDeep();
    void competitiveSampleWithNoExpertIsUniform();
    void everyBlockHashesTheModelInput();
};

void TestBlockMoeModel::gradients_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<RouterKind>("router");
    QTest::newRow("1 layer") << 1 << RouterKind::SoftmaxTopK;
    QTest::newRow("2 layers") << 2 << RouterKind::SoftmaxTopK;
    QTest::newRow("2 layers hash") << 2 << RouterKind::Hash;
    QTest::newRow("2 layers sigmoid-bias") << 2 << RouterKind::SigmoidBias;
}

void TestBlockMoeModel::gradients() {
    QFETCH(int, layers);
    QFETCH(RouterKind, router);
    Rng rng(7);
    BlockMoeModel net(blockConfig(layers, router), 2, 3, {0.1, 0.05});
    net.initialize(rng);
    Matrix X = randomMatrix(10, 2, rng);
    const int labels[] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    checkTaskGradients(net, X, {labels, nullptr});
}

void TestBlockMoeModel::droppedSamplePassesThroughResidual() {
    Rng rng(8);
    ModelConfig c = blockConfig(1, RouterKind::SoftmaxTopK, 0.1);
    c.topK = 1;
    BlockMoeModel net(c, 2, 2, {});
    net.initialize(rng);
    const Matrix X = randomMatrix(40, 2, rng);
    const Matrix Y = net.forward(X, Phase::Inference);
    // A sample with no kept expert: its output is head(embedding(x)) exactly.
    Matrix z, expected;
    net.embedding().forward(X, z);
    net.head().forward(z, expected);
    const Routing& r = net.moeLayer(0).routing();
    int dropped = 0;
    for (int t = 0; t < 40; ++t)
        if (!r.keptAt(t, 0)) {
            ++dropped;
            QVERIFY(Y.row(t).isApprox(expected.row(t), 1e-6f));
        }
    QVERIFY(dropped > 0);
}

void TestBlockMoeModel::residualMlpGradients() {
    Rng rng(9);
    ResidualMlp mlp(2, 3, 6, 2, 1, Activation::Gelu);
    mlp.initialize(rng);
    Matrix X = randomMatrix(8, 2, rng);
    const float values[] = {0.5f, -1, 2, 0, 1, -0.5f, 0.25f, 1.5f};
    checkTaskGradients(mlp, X, {nullptr, values});
}

void TestBlockMoeModel::sharedExpertGradients() {
    Rng rng(10);
    ModelConfig c = blockConfig(1);
    c.mode = MoeMode::Mixture;
    c.layers = 1;
    c.sharedExperts = 2;
    MoeModel moe(c, 2, 3, {0.1, 0.05});
    moe.initialize(rng);
    QCOMPARE(moe.layer().sharedExperts().size(), std::size_t{2});
    Matrix X = randomMatrix(9, 2, rng);
    const int labels[] = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    checkTaskGradients(moe, X, {labels, nullptr});
    const ModelCost cost = moe.cost();
    QCOMPARE(cost.paramsTotal - cost.paramsActive, 2 * moe.layer().experts().front().parameterCount());
}

void TestBlockMoeModel::competitiveClassificationGradients() {
    Rng rng(11);
    ModelConfig c = blockConfig(1, RouterKind::Dense);
    c.mode = MoeMode::Mixture;
    c.mixtureLoss = MixtureLoss::Competitive;
    MoeModel moe(c, 2, 3, {0.1, 0.05});
    moe.initialize(rng);
    Matrix X = randomMatrix(9, 2, rng);
    const int labels[] = {2, 1, 0, 0, 1, 2, 2, 1, 0};
    checkTaskGradients(moe, X, {labels, nullptr});
}

void TestBlockMoeModel::competitiveRegressionGradients() {
    Rng rng(12);
    ModelConfig c = blockConfig(1);
    c.mode = MoeMode::Mixture;
    c.mixtureLoss = MixtureLoss::Competitive;
    MoeModel moe(c, 2, 1, {});
    moe.initialize(rng);
    Matrix X = randomMatrix(9, 2, rng);
    const float values[] = {0.5f, -1, 2, 0, 1, -0.5f, 0.25f, 1.5f, -2};
    checkTaskGradients(moe, X, {nullptr, values});
}

void TestBlockMoeModel::competitiveOutputIsLogMixture() {
    // -log sum_i g_i P_i(y) is exactly the cross-entropy of the competitive output.
    Rng rng(13);
    ModelConfig c = blockConfig(1, RouterKind::Dense);
    c.mode = MoeMode::Mixture;
    c.mixtureLoss = MixtureLoss::Competitive;
    MoeModel moe(c, 2, 3, {});
    moe.initialize(rng);
    const Matrix X = randomMatrix(6, 2, rng);
    const Matrix Y = moe.forward(X, Phase::Inference);
    for (int t = 0; t < 6; ++t) QVERIFY(std::abs(Y.row(t).array().exp().sum() - 1.0f) < 1e-5f);
    const int labels[] = {0, 1, 2, 0, 1, 2};
    moe.forward(X, Phase::Training);
    moe.zeroGrad();
    const double competitive = moe.backwardTask({labels, nullptr});
    double expected = 0.0;
    for (int t = 0; t < 6; ++t) expected -= Y(t, labels[t]);
    QVERIFY(std::abs(competitive - expected / 6) < 1e-5);
}

void TestBlockMoeModel::cloneIsDeep() {
    Rng rng(14);
    BlockMoeModel net(blockConfig(2), 2, 2, {});
    net.initialize(rng);
    std::unique_ptr<MoeNetwork> copy = net.clone();
    copy->moeLayer(1).router().gate().weight().setZero();
    QVERIFY(net.moeLayer(1).router().gate().weight().cwiseAbs().maxCoeff() > 0.0f);
    QCOMPARE(copy->parameters().size(), net.parameters().size());
}

// docs/moe-definitions.md: a competitive classifier whose sample lost every expert to capacity
// outputs equal logits (ln 1e-30 each, never log 0): uniform class probabilities.
void TestBlockMoeModel::competitiveSampleWithNoExpertIsUniform() {
    Rng rng(15);
    ModelConfig c = blockConfig(1, RouterKind::SoftmaxTopK, 0.2);   // C = ceil(0.2 x 12 x 2 / 4) = 2
    c.mode = MoeMode::Mixture;
    c.mixtureLoss = MixtureLoss::Competitive;
    MoeModel moe(c, 2, 3, {});
    moe.initialize(rng);
    const Matrix X = randomMatrix(12, 2, rng);
    const Matrix Y = moe.forward(X, Phase::Inference);
    const Routing& r = moe.moeLayer(0).routing();
    int lost = 0;
    for (int t = 0; t < 12; ++t) {
        bool any = false;
        for (int j = 0; j < r.places; ++j) any = any || r.keptAt(t, j);
        if (any) continue;
        ++lost;
        for (int k = 0; k < 3; ++k) QCOMPARE(Y(t, k), static_cast<float>(std::log(1e-30)));
    }
    QVERIFY(lost > 0);
    QVERIFY(Y.allFinite());
}

// docs/moe-definitions.md: in block mode every layer's hash router hashes the model's input,
// so all layers send a row to the same experts.
void TestBlockMoeModel::everyBlockHashesTheModelInput() {
    Rng rng(16);
    BlockMoeModel net(blockConfig(3, RouterKind::Hash), 2, 2, {});
    net.initialize(rng);
    const Matrix X = randomMatrix(20, 2, rng);
    net.forward(X, Phase::Inference);
    for (int l = 1; l < 3; ++l) QCOMPARE(net.moeLayer(l).routing().expert, net.moeLayer(0).routing().expert);
    // ... which is the hash of X itself: a mixture-mode hash router on X chooses the same.
    ModelConfig mixture = blockConfig(1, RouterKind::Hash);
    mixture.mode = MoeMode::Mixture;
    MoeModel flat(mixture, 2, 2, {});
    flat.initialize(rng);
    flat.forward(X, Phase::Inference);
    QCOMPARE(flat.moeLayer(0).routing().expert, net.moeLayer(0).routing().expert);
}

QTEST_APPLESS_MAIN(TestBlockMoeModel)
#include "tst_block_moe_model.moc"
