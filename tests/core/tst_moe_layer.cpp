// Tests core/model/moe_layer.*, core/model/moe_model.* and core/model/dense_mlp.*:
// the invariants of moe-spec section 7 and whole-model gradient checks.
#include "core/model/dense_mlp.h"
#include "core/model/moe_model.h"
#include "core/train/optimizer.h"
#include "gradient_check.h"

#include <tbb/task_arena.h>  // before Qt, whose emit macro clashes with TBB's headers

#include <QTest>

#include <cstring>
#include <random>

using namespace moe;
using namespace moe::test;

namespace {

ModelConfig config(int experts, int k, Activation act = Activation::Tanh, double capacity = 0.0) {
    ModelConfig c;
    c.experts = experts;
    c.topK = k;
    c.hidden = 6;
    c.activation = act;
    c.capacityFactor = capacity;
    c.evalCapacityFactor = capacity;
    return c;
}

void checkAllGradients(Model& model, Matrix& X, const Matrix& C) {
    auto loss = [&] { return weightedSum(C, model.forward(X, Phase::Training)) + model.auxLoss(); };
    model.forward(X, Phase::Training);
    model.zeroGrad();
    model.backward(C);
    for (const Parameter& p : model.parameters()) {
        const Matrix analytic = *p.grad;
        const double err = relativeGradientError(*p.value, analytic, loss, 1e-3f);
        QVERIFY2(err < 2e-2, qPrintable(QString::fromStdString(p.name) + " " + QString::number(err)));
    }
}

/// Weights after `steps` training steps (forward, cross-entropy, backward, Adam) on `threads`.
std::vector<Matrix> weightsAfterTraining(Model& model, const Matrix& X, const std::vector<int>& labels,
                                         int threads, int steps) {
    TrainConfig t;
    t.learningRate = 1e-2;
    const std::unique_ptr<Optimizer> adam = makeOptimizer(t);
    const std::vector<Parameter> parameters = model.parameters();
    tbb::task_arena(threads).execute([&] {
        for (int s = 0; s < steps; ++s) {
            model.forward(X, Phase::Training);
            model.zeroGrad();
            model.backwardTask({labels.data(), nullptr});
            adam->step(parameters);
            model.afterStep();
        }
    });
    std::vector<Matrix> out;
    for (const Parameter& p : parameters) out.push_back(*p.value);
    return out;
}

bool sameBits(const std::vector<Matrix>& a, const std::vector<Matrix>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].size() != b[i].size() ||
            std::memcmp(a[i].data(), b[i].data(), static_cast<std::size_t>(a[i].size()) * sizeof(float)) != 0)
            return false;
    return true;
}

}  // namespace

class TestMoeLayer : public QObject {
    Q_OBJECT
private slots:
    void singleExpertEqualsMlp();
    void allExpertsEqualDenseSoftmaxMixture();
    void gradients_data();
    void gradients();
    void denseMlpGradientsAcrossBlocks();
    void droppedSampleOutputsZero();
    void costMatchesSpec();
    void copyIsDeep();
    void trainingSameBitsOnOneAndTwoThreads_data();
    void trainingSameBitsOnOneAndTwoThreads();
};

void TestMoeLayer::singleExpertEqualsMlp() {
    Rng rng(1);
    // No z-loss here: it would rightly pull the single logit toward 0. The balance loss is
    // constant with one expert and must give the gate nothing.
    MoeModel moe(config(1, 1, Activation::Relu), 3, 2, {0.01, 0.0});
    moe.initialize(rng);
    DenseMlp mlp(3, 6, 2, Activation::Relu);
    mlp.network() = moe.layer().experts().front();
    const Matrix X = randomMatrix(20, 3, rng);
    const Matrix C = randomMatrix(20, 2, rng);
    const Matrix yMoe = moe.forward(X, Phase::Training);
    const Matrix yMlp = mlp.forward(X, Phase::Training);
    QVERIFY(yMoe.isApprox(yMlp, 1e-6f));
    moe.zeroGrad();
    moe.backward(C);
    mlp.zeroGrad();
    mlp.backward(C);
    const std::vector<Parameter> pm = moe.parameters(), pd = mlp.parameters();
    // MoE parameters: router gate weight and bias first, then the expert's four.
    QCOMPARE(pm.size(), std::size_t{6});
    QCOMPARE(pm[0].grad->cwiseAbs().maxCoeff(), 0.0f);  // one expert: the gate has nothing to learn
    for (std::size_t i = 0; i < 4; ++i) QVERIFY(pm[i + 2].grad->isApprox(*pd[i].grad, 1e-5f));
}

void TestMoeLayer::allExpertsEqualDenseSoftmaxMixture() {
    Rng rng(2);
    const int E = 4;
    MoeModel moe(config(E, E), 3, 2, {});
    moe.initialize(rng);
    const Matrix X = randomMatrix(15, 3, rng);
    const Matrix Y = moe.forward(X, Phase::Inference);
    Matrix logits, p;
    moe.layer().router().gate().forward(X, logits);
    p = (logits.array().colwise() - logits.rowwise().maxCoeff().array()).exp().matrix();
    p.array().colwise() /= p.rowwise().sum().array();
    Matrix expected = Matrix::Zero(15, 2);
    for (int e = 0; e < E; ++e) {
        Expert::Cache cache;
        Matrix o;
        moe.layer().experts()[static_cast<std::size_t>(e)].forward(X, cache, o);
        expected += (o.array().colwise() * p.col(e).array()).matrix();
    }
    QVERIFY(Y.isApprox(expected, 1e-5f));
}

void TestMoeLayer::gradients_data() {
    QTest::addColumn<int>("experts");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("capacity");
    QTest::newRow("E4 k1") << 4 << 1 << 0.0;
    QTest::newRow("E4 k2") << 4 << 2 << 0.0;
    QTest::newRow("E3 k3") << 3 << 3 << 0.0;
    QTest::newRow("E4 k2 capacity 0.5") << 4 << 2 << 0.5;
}

void TestMoeLayer::gradients() {
    QFETCH(int, experts);
    QFETCH(int, k);
    QFETCH(double, capacity);
    Rng rng(31);
    MoeModel moe(config(experts, k, Activation::Tanh, capacity), 3, 2, {0.2, 0.1});
    moe.initialize(rng);
    Matrix X = randomMatrix(12, 3, rng);
    const Matrix C = randomMatrix(12, 2, rng);
    checkAllGradients(moe, X, C);
}

void TestMoeLayer::denseMlpGradientsAcrossBlocks() {
    // 300 rows span three row blocks: the ordered block sum must still be the gradient.
    Rng rng(4);
    DenseMlp mlp(2, 5, 3, Activation::Gelu);
    mlp.initialize(rng);
    Matrix X = randomMatrix(300, 2, rng);
    const Matrix C = randomMatrix(300, 3, rng, 0.01f);
    checkAllGradients(mlp, X, C);
}

void TestMoeLayer::droppedSampleOutputsZero() {
    Rng rng(5);
    // Top-1 with a tiny capacity: most samples lose their only expert.
    MoeModel moe(config(2, 1, Activation::Relu, 0.1), 2, 2, {});
    moe.initialize(rng);
    const Matrix X = randomMatrix(40, 2, rng);
    const Matrix Y = moe.forward(X, Phase::Inference);
    const Routing& r = moe.routing();
    int dropped = 0;
    for (int t = 0; t < 40; ++t) {
        if (!r.keptAt(t, 0)) {
            ++dropped;
            QCOMPARE(Y.row(t).cwiseAbs().maxCoeff(), 0.0f);
        }
    }
    QVERIFY(dropped > 0);
}

void TestMoeLayer::costMatchesSpec() {
    const int d = 2, h = 6, out = 3, E = 8, k = 2;
    ModelConfig c = config(E, k);
    MoeModel moe(c, d, out, {});
    const ModelCost cost = moe.cost();
    const double expertFlops = 2.0 * (d * h + h * out);
    QCOMPARE(cost.gateFlops, 2.0 * d * E);
    QCOMPARE(cost.expertFlops, k * expertFlops);
    QCOMPARE(cost.combineFlops, 2.0 * k * out);
    QCOMPARE(cost.flopsPerSample, cost.gateFlops + cost.expertFlops + cost.combineFlops);
    const std::int64_t expertParams = d * h + h + h * out + out;
    QCOMPARE(cost.paramsTotal, std::int64_t{d * E + E} + E * expertParams);
    QCOMPARE(cost.paramsActive, std::int64_t{d * E + E} + k * expertParams);
    DenseMlp dense(d, E * h, out, Activation::Relu);
    QCOMPARE(dense.cost().flopsPerSample, 2.0 * (d * E * h + E * h * out));
}

void TestMoeLayer::copyIsDeep() {
    Rng rng(6);
    MoeModel a(config(3, 2), 2, 2, {});
    a.initialize(rng);
    MoeModel b = a;
    b.layer().router().gate().weight().setZero();
    QVERIFY(a.layer().router().gate().weight().cwiseAbs().maxCoeff() > 0.0f);
}

QTEST_APPLESS_MAIN(TestMoeLayer)
void TestMoeLayer::trainingSameBitsOnOneAndTwoThreads_data() {
    QTest::addColumn<bool>("moe");
    QTest::newRow("moe") << true;
    QTest::newRow("dense") << false;
}

void TestMoeLayer::trainingSameBitsOnOneAndTwoThreads() {
    // Big enough that every parallel split happens: several row blocks (gate, softmax, top-k,
    // losses, dense blocks), parameters of more than one Adam chunk and dense gradients
    // reduced in several chunks.
    QFETCH(bool, moe);
    constexpr int kDim = 24, kClasses = 5, kBatch = 1100;
    ModelConfig c = config(8, 2, Activation::Relu);
    c.hidden = 96;
    const AuxLossWeights aux{0.01, 0.001, 0.0, 0.0};
    Rng rng(5);
    Matrix X(kBatch, kDim);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = normal(rng);
    std::vector<int> labels(kBatch);
    for (int i = 0; i < kBatch; ++i) labels[static_cast<std::size_t>(i)] = i % kClasses;
    const auto make = [&]() -> std::unique_ptr<Model> {
        Rng init(9);
        if (moe) {
            auto m = std::make_unique<MoeModel>(c, kDim, kClasses, aux);
            m->initialize(init);
            return m;
        }
        auto m = std::make_unique<DenseMlp>(kDim, 8 * c.hidden, kClasses, c.activation);
        m->initialize(init);
        return m;
    };
    const std::unique_ptr<Model> one = make(), two = make();
    const std::vector<Matrix> w1 = weightsAfterTraining(*one, X, labels, 1, 3);
    const std::vector<Matrix> w2 = weightsAfterTraining(*two, X, labels, 2, 3);
    QVERIFY(sameBits(w1, w2));
    QVERIFY(!sameBits(w1, [&] {  // and training did change the weights
        const std::unique_ptr<Model> untrained = make();
        std::vector<Matrix> fresh;
        for (const Parameter& p : untrained->parameters()) fresh.push_back(*p.value);
        return fresh;
    }()));
}

#include "tst_moe_layer.moc"
