// Tests core/model/router.* and core/model/softmax_topk_router.*
#include "core/model/router.h"
#include "core/model/noisy_topk_router.h"
#include "core/model/sigmoid_bias_router.h"
#include "core/model/softmax_topk_router.h"
#include "golden.h"
#include "gradient_check.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <numeric>
#include <set>
#include <tuple>

using namespace moe;
using namespace moe::test;

namespace {

ModelConfig routerConfig(int experts, int k, double capacity = 0.0, bool renormalize = true,
                         RouterKind kind = RouterKind::SoftmaxTopK) {
    ModelConfig c;
    c.router = kind;
    c.experts = experts;
    c.topK = k;
    c.capacityFactor = capacity;
    c.evalCapacityFactor = capacity;
    c.renormalize = renormalize;
    return c;
}

using Triple = std::tuple<int, int, int>;
using SampleExpert = std::pair<int, int>;

/// (sample, expert, slot) of every kept assignment, and (sample, expert) of every dropped one.
std::pair<std::set<Triple>, std::set<std::pair<int, int>>> keptAndDropped(const Routing& r) {
    std::set<Triple> kept;
    std::set<std::pair<int, int>> dropped;
    for (int t = 0; t < r.samples; ++t)
        for (int j = 0; j < r.places; ++j) {
            if (!r.assignedAt(t, j)) continue;
            if (r.keptAt(t, j)) kept.insert({t, r.expertAt(t, j), r.position[r.index(t, j)]});
            else dropped.insert({t, r.expertAt(t, j)});
        }
    return {kept, dropped};
}

}  // namespace

Q_DECLARE_METATYPE(moe::RouterKind)
Q_DECLARE_METATYPE(moe::CapacityPolicy)
Q_DECLARE_METATYPE(moe::AuxLossWeights)

class TestRouter : public QObject {
    Q_OBJECT
private slots:
    void selectsTopKInOrder();
    void weightsFollowConvention_data();
    void weightsFollowConvention();
    void goldenMasks_data();
    void goldenMasks();
    void capacityBounds();
    void gradients_data();
    void gradients();
    void everyRouterGradient_data();
    void everyRouterGradient();
    void zeroGradientWithoutSignal_data();
    void zeroGradientWithoutSignal();
    void topOneKeepsTaskGradient();
    void expertChoiceLoadIsEven();
    void topPUsesFirstExpertsPastThreshold();
    void hashIgnoresTraining();
    void sigmoidBiasFavoursUnderloadedExperts();
    void hierarchicalProbabilitiesFactorise();
    void hierarchicalTopKIsOverTheProduct();
    void expertChoiceCapacityRoundsHalfUp();
    void hashIsFnv1aOfTheRowBytes();
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

void TestRouter::goldenMasks_data() {
    // moe-spec section 3: softmax top-2, capacity factor 1 -> C = 2.
    QTest::addColumn<CapacityPolicy>("policy");
    QTest::addColumn<std::set<Triple>>("kept");
    QTest::addColumn<SampleExpert>("dropped");
    QTest::newRow("choice-major") << CapacityPolicy::ChoiceMajor
        << std::set<Triple>{{0, 3, 0}, {1, 1, 0}, {2, 2, 0}, {3, 3, 1}, {0, 1, 1}, {1, 0, 0}, {3, 2, 1}}
        << std::pair{2, 3};
    QTest::newRow("sample-major") << CapacityPolicy::SampleMajor
        << std::set<Triple>{{0, 3, 0}, {0, 1, 0}, {1, 1, 1}, {1, 0, 0}, {2, 2, 0}, {2, 3, 1}, {3, 2, 1}}
        << std::pair{3, 3};
    QTest::newRow("probs") << CapacityPolicy::Probs
        << std::set<Triple>{{0, 1, 0}, {1, 0, 0}, {1, 1, 1}, {2, 2, 0}, {2, 3, 0}, {3, 2, 1}, {3, 3, 1}}
        << std::pair{0, 3};
}

void TestRouter::goldenMasks() {
    QFETCH(CapacityPolicy, policy);
    QFETCH(std::set<Triple>, kept);
    QFETCH(SampleExpert, dropped);
    ModelConfig c = routerConfig(4, 2, 1.0);
    c.capacityPolicy = policy;
    auto router = makeRouter(c, 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    QCOMPARE(r.capacity, 2);
    const auto [actualKept, actualDropped] = keptAndDropped(r);
    QCOMPARE(actualKept, kept);
    QCOMPARE(actualDropped, std::set<SampleExpert>{dropped});
    const auto [t, e] = dropped;
    for (int j = 0; j < 2; ++j)
        if (r.expertAt(t, j) == e) QCOMPARE(r.weight(t, j), 0.0f);  // dropped: weight 0
    QCOMPARE(r.keptAssignments(), 7);
    QCOMPARE(std::accumulate(r.countsAfter.begin(), r.countsAfter.end(), 0), 7);
}

void TestRouter::capacityBounds() {
    Rng rng(12);
    for (CapacityPolicy policy : {CapacityPolicy::ChoiceMajor, CapacityPolicy::SampleMajor, CapacityPolicy::Probs})
    for (double factor : {0.25, 0.5, 1.0, 1.5}) {
        ModelConfig c = routerConfig(5, 2, factor);
        c.capacityPolicy = policy;
        auto router = makeRouter(c, 3);
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
        QCOMPARE(r.capacity, static_cast<int>(std::ceil(factor * 37 * 2 / 5)));
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

void TestRouter::zeroGradientWithoutSignal_data() {
    QTest::addColumn<RouterKind>("kind");
    for (RouterKind kind : allRouters()) QTest::newRow(routerName(kind)) << kind;
}

void TestRouter::zeroGradientWithoutSignal() {
    // moe-spec section 7: no output gradient and no auxiliary weight -> exactly zero.
    QFETCH(RouterKind, kind);
    Rng rng(8);
    ModelConfig c = routerConfig(6, kind == RouterKind::Switch ? 1 : 2, 0.5, true, kind);
    auto router = makeRouter(c, 4);
    router->initialize(rng);
    const Matrix X = randomMatrix(10, 4, rng);
    Routing r;
    router->route(X, Phase::Training, r, {});
    router->zeroGrad();
    router->backward(X, r, Matrix::Zero(10, r.places), {}, nullptr);
    std::vector<Parameter> params;
    router->collectParameters("router", params);
    for (const Parameter& p : params) QCOMPARE(p.grad->cwiseAbs().maxCoeff(), 0.0f);
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

void TestRouter::everyRouterGradient_data() {
    QTest::addColumn<RouterKind>("kind");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("groups");
    QTest::addColumn<double>("capacity");
    QTest::addColumn<bool>("renormalizeAfterDrop");
    QTest::addColumn<AuxLossWeights>("aux");
    const AuxLossWeights none{};
    const AuxLossWeights all{0.3, 0.2, 0.5, 0.4};
    for (RouterKind kind : allRouters()) {
        if (kind == RouterKind::Hash) continue;  // nothing learned: covered by hashIgnoresTraining
        const int k = kind == RouterKind::Switch ? 1 : 2;
        QTest::addRow("%s task", routerName(kind)) << kind << k << 1 << 0.0 << false << none;
        QTest::addRow("%s all losses", routerName(kind)) << kind << k << 1 << 0.0 << false << all;
    }
    QTest::newRow("softmax-topk groups") << RouterKind::SoftmaxTopK << 2 << 3 << 0.0 << false << all;
    QTest::newRow("top-p groups") << RouterKind::TopP << 2 << 2 << 0.0 << false << all;
    QTest::newRow("softmax-topk renormalise after drop")
        << RouterKind::SoftmaxTopK << 2 << 1 << 0.6 << true << none;
    QTest::newRow("top-p capacity") << RouterKind::TopP << 2 << 1 << 0.7 << true << all;
}

void TestRouter::everyRouterGradient() {
    QFETCH(RouterKind, kind);
    QFETCH(int, k);
    QFETCH(int, groups);
    QFETCH(double, capacity);
    QFETCH(bool, renormalizeAfterDrop);
    QFETCH(AuxLossWeights, aux);
    Rng rng(29);
    ModelConfig c = routerConfig(6, k, capacity, true, kind);
    c.groups = groups;
    c.jitter = 0.0;  // noise off: a central difference needs a deterministic function
    c.renormalizeAfterDrop = renormalizeAfterDrop;
    c.topPThreshold = 0.5;
    auto router = makeRouter(c, 3);
    router->initialize(rng);
    if (auto* noisy = dynamic_cast<NoisyTopKRouter*>(router.get())) {
        noisy->setNoiseEnabled(false);
        noisy->noise().weight() = randomMatrix(3, 6, rng, 0.5f);
    }
    std::vector<Parameter> params;
    router->collectParameters("router", params);
    for (const Parameter& p : params) *p.value = randomMatrix(p.value->rows(), p.value->cols(), rng, 0.8f);
    Matrix X = randomMatrix(12, 3, rng);
    Routing fixed;
    router->route(X, Phase::Training, fixed, aux);
    const Matrix C = randomMatrix(12, fixed.places, rng);
    auto loss = [&] {
        Routing r;
        router->route(X, Phase::Training, r, aux);
        if (r.expert != fixed.expert || r.kept != fixed.kept) return std::nan("");
        return weightedSum(C, r.weight) + router->auxLoss().total();
    };
    router->route(X, Phase::Training, fixed, aux);
    router->zeroGrad();
    Matrix dX;
    router->backward(X, fixed, C, aux, &dX);
    // Entries whose perturbation flips a discrete choice are skipped; nearly all must count.
    int skipped = 0, total = 0;
    for (const Parameter& p : params) {
        const Matrix analytic = *p.grad;
        const double err = relativeGradientError(*p.value, analytic, loss, 1e-3f, &skipped);
        total += static_cast<int>(p.value->size());
        QVERIFY2(err < 2e-2, qPrintable(QString::fromStdString(p.name) + " " + QString::number(err)));
    }
    const double errX = relativeGradientError(X, dX, loss, 1e-3f, &skipped);
    total += static_cast<int>(X.size());
    QVERIFY2(errX < 2e-2, qPrintable(QString::number(errX)));
    QVERIFY2(skipped * 10 <= total, qPrintable(QString("%1 of %2 skipped").arg(skipped).arg(total)));
}

void TestRouter::expertChoiceLoadIsEven() {
    Rng rng(3);
    ModelConfig c = routerConfig(4, 1, 0.0, true, RouterKind::ExpertChoice);
    c.expertChoiceFactor = 2.0;
    auto router = makeRouter(c, 2);
    router->initialize(rng);
    Routing r;
    router->route(randomMatrix(20, 2, rng), Phase::Inference, r, {});
    QCOMPARE(r.capacity, 10);  // T c / E = 20 * 2 / 4
    for (int count : r.countsAfter) QCOMPARE(count, 10);
    QCOMPARE(r.keptAssignments(), 40);
}

void TestRouter::topPUsesFirstExpertsPastThreshold() {
    ModelConfig c = routerConfig(4, 1, 0.0, true, RouterKind::TopP);
    c.topPThreshold = 0.5;
    auto router = makeRouter(c, 4);
    const Matrix X = makeGoldenRouter(*router);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    for (int t = 0; t < 4; ++t) {
        double cumulative = 0.0;
        int used = 0;
        for (int j = 0; j < 4 && r.assignedAt(t, j); ++j, ++used) {
            QVERIFY(cumulative <= 0.5);  // every expert before the last is still under the bar
            cumulative += r.probs(t, r.expertAt(t, j));
            QCOMPARE(r.weight(t, j), r.probs(t, r.expertAt(t, j)));  // raw p
        }
        QVERIFY(cumulative > 0.5);
        QVERIFY(used >= 1 && used <= 4);
    }
    // The golden logits are close together: two or three experts each.
    QVERIFY(r.assignments() > 4);
}

void TestRouter::hashIgnoresTraining() {
    Rng rng(4);
    auto router = makeRouter(routerConfig(5, 2, 0.0, true, RouterKind::Hash), 3);
    router->initialize(rng);
    std::vector<Parameter> params;
    router->collectParameters("router", params);
    QVERIFY(params.empty());
    QCOMPARE(router->parameterCount(), std::int64_t{0});
    const Matrix X = randomMatrix(30, 3, rng);
    Routing before, after;
    router->route(X, Phase::Training, before, {0.1, 0.1});
    router->backward(X, before, randomMatrix(30, 2, rng), {0.1, 0.1}, nullptr);
    router->afterStep(before);
    router->route(X, Phase::Inference, after, {});
    QCOMPARE(after.expert, before.expert);
    for (int t = 0; t < 30; ++t) {
        QCOMPARE(after.expertAt(t, 1), (after.expertAt(t, 0) + 1) % 5);
        QCOMPARE(after.weight(t, 0), 0.5f);
    }
}

void TestRouter::sigmoidBiasFavoursUnderloadedExperts() {
    Rng rng(5);
    ModelConfig c = routerConfig(4, 1, 0.0, true, RouterKind::SigmoidBias);
    c.biasUpdateRate = 0.01;
    auto router = makeRouter(c, 2);
    router->initialize(rng);
    auto* sigmoid = dynamic_cast<SigmoidBiasRouter*>(router.get());
    QVERIFY(sigmoid);
    Routing r;
    router->route(randomMatrix(40, 2, rng), Phase::Training, r, {});
    router->afterStep(r);
    const double mean = 10.0;
    for (int e = 0; e < 4; ++e) {
        const int load = r.countsBefore[static_cast<std::size_t>(e)];
        const float b = sigmoid->bias()(0, e);
        if (load < mean) QCOMPARE(b, 0.01f);
        else if (load > mean) QCOMPARE(b, -0.01f);
        else QCOMPARE(b, 0.0f);
    }
    for (int t = 0; t < 40; ++t) QCOMPARE(r.weight(t, 0), 1.0f);  // s / s with one expert
    std::vector<Buffer> buffers;
    router->collectBuffers("router", buffers);
    QCOMPARE(buffers.size(), std::size_t{1});
}

void TestRouter::hierarchicalProbabilitiesFactorise() {
    Rng rng(6);
    ModelConfig c = routerConfig(6, 2);
    c.groups = 3;
    auto router = makeRouter(c, 2);
    router->initialize(rng);
    const Matrix X = randomMatrix(5, 2, rng);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    Matrix groupLogits;
    router->groupGate().forward(X, groupLogits);
    for (int t = 0; t < 5; ++t) {
        QVERIFY(std::abs(r.probs.row(t).sum() - 1.0f) < 1e-5f);
        // The group's total probability is the top gate's softmax.
        const Eigen::RowVectorXf g = (groupLogits.row(t).array() - groupLogits.row(t).maxCoeff()).exp();
        for (int group = 0; group < 3; ++group)
            QVERIFY(std::abs(r.probs(t, 2 * group) + r.probs(t, 2 * group + 1) - g(group) / g.sum()) < 1e-5f);
    }
}

// docs/moe-definitions.md: with --groups the k experts are the top k of p(group) x p(expert |
// group) over all experts - not first a group, then experts inside it.
void TestRouter::hierarchicalTopKIsOverTheProduct() {
    Rng rng(8);
    ModelConfig c = routerConfig(8, 3);
    c.groups = 4;
    auto router = makeRouter(c, 3);
    router->initialize(rng);
    const Matrix X = randomMatrix(40, 3, rng);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    int spanning = 0;
    for (int t = 0; t < 40; ++t) {
        std::vector<int> order(8);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return r.probs(t, a) > r.probs(t, b); });
        std::set<int> groups;
        for (int j = 0; j < 3; ++j) {
            QCOMPARE(r.expertAt(t, j), order[static_cast<std::size_t>(j)]);
            groups.insert(r.expertAt(t, j) / 2);   // group g holds experts 2g and 2g + 1
        }
        spanning += groups.size() > 1;
    }
    QVERIFY(spanning > 0);   // the chosen experts are not confined to one group
}

// docs/moe-definitions.md: expert choice's C = max(1, round-half-up(T c / E)).
void TestRouter::expertChoiceCapacityRoundsHalfUp() {
    Rng rng(9);
    for (const auto& [T, factor, E, expected] : {std::tuple{5, 1.0, 2, 3}, std::tuple{6, 1.0, 4, 2},
                                                 std::tuple{1, 1.0, 4, 1}, std::tuple{7, 1.0, 2, 4}}) {
        ModelConfig c = routerConfig(E, 1, 0.0, true, RouterKind::ExpertChoice);
        c.expertChoiceFactor = factor;
        auto router = makeRouter(c, 2);
        router->initialize(rng);
        Routing r;
        router->route(randomMatrix(T, 2, rng), Phase::Inference, r, {});
        QCOMPARE(r.capacity, expected);
    }
}

// docs/moe-definitions.md: the hash router is FNV-1a 64-bit over the float32 bytes of the
// row (little-endian here), modulo E, then the next k - 1 experts cyclically.
void TestRouter::hashIsFnv1aOfTheRowBytes() {
    Rng rng(10);
    auto router = makeRouter(routerConfig(7, 3, 0.0, true, RouterKind::Hash), 4);
    router->initialize(rng);
    const Matrix X = randomMatrix(25, 4, rng);
    Routing r;
    router->route(X, Phase::Inference, r, {});
    for (int t = 0; t < 25; ++t) {
        std::uint64_t h = 14695981039346656037ull;   // the FNV-1a 64-bit offset basis
        for (int col = 0; col < 4; ++col) {
            const float v = X(t, col);
            std::uint32_t bits = 0;
            std::memcpy(&bits, &v, sizeof bits);
            for (int byte = 0; byte < 4; ++byte) h = (h ^ ((bits >> (8 * byte)) & 0xFFu)) * 1099511628211ull;
        }
        const int first = static_cast<int>(h % 7);
        for (int j = 0; j < 3; ++j) QCOMPARE(r.expertAt(t, j), (first + j) % 7);
    }
}

QTEST_APPLESS_MAIN(TestRouter)
#include "tst_router.moc"
