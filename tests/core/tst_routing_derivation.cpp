// Tests core/teach/routing_derivation.*: for each of the eight routers, for block mode,
// regression, shared experts and capacity, the write-out's numbers equal the gate
// inspector's (same batch, same model) and an independent recomputation in double from the
// model's weights (logits, scores, selection, weights, expert outputs, y, the residual, the
// prediction) to 1e-6; this input's FLOPs equal the cost report's when it uses k experts;
// expert choice in a batch of one says why in words; bad input is refused.
#include "core/model/block_moe_model.h"
#include "core/model/sigmoid_bias_router.h"
#include "core/teach/routing_derivation.h"
#include "core/train/experiment.h"
#include "core/train/sample_inspector.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace moe;

namespace {

using Vec = std::vector<double>;
constexpr double kTolerance = 1e-6;

using testing::rawRow;

/// |a - b| within kTolerance, relative to the size of b when b is larger than 1.
bool close(double a, double b) { return std::abs(a - b) <= kTolerance * std::max(1.0, std::abs(b)); }

#define COMPARE_VECTORS(actual, expected)                                                              \
    do {                                                                                               \
        const auto& a_ = (actual);                                                                     \
        const auto& b_ = (expected);                                                                   \
        QCOMPARE(a_.size(), b_.size());                                                                \
        for (std::size_t i_ = 0; i_ < a_.size(); ++i_)                                                 \
            QVERIFY2(close(a_[i_], b_[i_]),                                                            \
                     qPrintable(QStringLiteral(#actual "[%1] = %2, expected %3").arg(i_).arg(double(a_[i_]), 0, 'g', 10).arg(double(b_[i_]), 0, 'g', 10))); \
    } while (0)

/// u W + b in double; W: in x out.
Vec affine(const Vec& u, const Linear& fc) {
    Vec y(static_cast<std::size_t>(fc.outputs()));
    for (int o = 0; o < fc.outputs(); ++o) {
        double s = fc.bias()(0, o);
        for (int i = 0; i < fc.inputs(); ++i) s += u[static_cast<std::size_t>(i)] * fc.weight()(i, o);
        y[static_cast<std::size_t>(o)] = s;
    }
    return y;
}

Vec expertOutput(const Vec& u, const Expert& e) {
    Vec h = affine(u, e.fc1());
    for (double& v : h) v = std::max(0.0, v);  // ReLU, the default activation
    return affine(h, e.fc2());
}

Vec softmax(const Vec& l) {
    const double top = *std::max_element(l.begin(), l.end());
    Vec p(l.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < l.size(); ++i) sum += p[i] = std::exp(l[i] - top);
    for (double& v : p) v /= sum;
    return p;
}

/// Indices by descending score, ties to the lower index.
std::vector<int> ranking(const Vec& score) {
    std::vector<int> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[static_cast<std::size_t>(a)] > score[static_cast<std::size_t>(b)]; });
    return order;
}

Vec toDouble(const std::vector<float>& v) { return {v.begin(), v.end()}; }

/// The gate's probabilities of one router input, in double (softmax routers, no groups).
Vec gateProbs(const Vec& u, const Router& router) { return softmax(affine(u, router.gate())); }

struct Expected {
    Vec logits, probs, score;
    std::vector<int> chosen;
    Vec weights;
};

/// One layer's routing, recomputed from the weights. `batchInputs`: every router input of
/// the batch (expert choice only), `row` the input's place in it.
Expected route(const Vec& u, const MoeLayer& layer, const ModelConfig& m, const std::vector<Vec>& batchInputs, int row,
               const std::vector<int>& hashChoice) {
    Expected x;
    const Router& router = layer.router();
    const int E = m.experts;
    x.logits = affine(u, router.gate());
    x.probs = softmax(x.logits);
    x.score = x.probs;
    const std::vector<int> byP = ranking(x.probs);
    switch (m.router) {
        case RouterKind::Dense: x.chosen = byP; break;
        case RouterKind::SoftmaxTopK:
        case RouterKind::Switch: x.chosen.assign(byP.begin(), byP.begin() + (m.router == RouterKind::Switch ? 1 : m.topK)); break;
        case RouterKind::NoisyTopK: {
            x.score = x.logits;
            const std::vector<int> byH = ranking(x.logits);
            x.chosen.assign(byH.begin(), byH.begin() + m.topK);
            break;
        }
        case RouterKind::TopP: {
            double sum = 0.0;
            for (int e : byP) {
                x.chosen.push_back(e);
                if ((sum += x.probs[static_cast<std::size_t>(e)]) > m.topPThreshold) break;
            }
            break;
        }
        case RouterKind::SigmoidBias: {
            const auto& b = dynamic_cast<const SigmoidBiasRouter&>(router).bias();
            Vec s(static_cast<std::size_t>(E));
            double total = 0.0;
            for (int e = 0; e < E; ++e) total += s[static_cast<std::size_t>(e)] = 1.0 / (1.0 + std::exp(-x.logits[static_cast<std::size_t>(e)]));
            for (int e = 0; e < E; ++e) {
                x.probs[static_cast<std::size_t>(e)] = s[static_cast<std::size_t>(e)] / total;
                x.score[static_cast<std::size_t>(e)] = s[static_cast<std::size_t>(e)] + b(0, e);
            }
            const std::vector<int> order = ranking(x.score);
            x.chosen.assign(order.begin(), order.begin() + m.topK);
            double chosenSum = 0.0;
            for (int e : x.chosen) chosenSum += s[static_cast<std::size_t>(e)];
            for (int e : x.chosen) x.weights.push_back(s[static_cast<std::size_t>(e)] / chosenSum);
            return x;
        }
        case RouterKind::ExpertChoice: {
            const int T = static_cast<int>(batchInputs.size());
            const int C = std::clamp(static_cast<int>(std::lround(T * m.expertChoiceFactor / E)), 1, T);
            std::vector<Vec> p;
            for (const Vec& v : batchInputs) p.push_back(gateProbs(v, router));
            for (int e = 0; e < E; ++e) {
                Vec column;
                for (const Vec& q : p) column.push_back(q[static_cast<std::size_t>(e)]);
                const std::vector<int> best = ranking(column);
                if (std::find(best.begin(), best.begin() + C, row) != best.begin() + C) x.chosen.push_back(e);
            }
            std::stable_sort(x.chosen.begin(), x.chosen.end(), [&](int a, int b) { return x.probs[static_cast<std::size_t>(a)] > x.probs[static_cast<std::size_t>(b)]; });
            break;
        }
        case RouterKind::Hash: {
            x.logits.assign(static_cast<std::size_t>(E), 0.0);
            x.probs.assign(static_cast<std::size_t>(E), 1.0 / E);
            x.score.clear();
            // The hash itself is a fixed function; what is checked is the rule around it.
            for (int j = 0; j < m.topK; ++j) x.chosen.push_back((hashChoice.front() + j) % E);
            x.weights.assign(static_cast<std::size_t>(m.topK), 1.0 / m.topK);
            return x;
        }
    }
    double chosenSum = 0.0;
    for (int e : x.chosen) chosenSum += x.probs[static_cast<std::size_t>(e)];
    const bool renormalised = m.router == RouterKind::NoisyTopK || (m.router == RouterKind::SoftmaxTopK && m.renormalize && m.topK > 1);
    for (int e : x.chosen) x.weights.push_back(x.probs[static_cast<std::size_t>(e)] / (renormalised ? chosenSum : 1.0));
    return x;
}

RunConfig config(const QString& router, const QString& mode) {
    RunConfig c = testing::tinyConfig(4, 32, 7);
    c.model.router = *parseRouter(router.toStdString());
    c.model.mode = *parseMode(mode.toStdString());
    if (c.model.router == RouterKind::Switch) c.model.topK = 1;
    if (c.model.mode == MoeMode::Block) {
        c.model.layers = 2;
        c.model.modelWidth = 6;
    }
    return c;
}

}  // namespace

class TestRoutingDerivation : public QObject {
    Q_OBJECT
private slots:
    void matchesInspectorAndRecomputation_data();
    void matchesInspectorAndRecomputation();
    void capacityDropsAsTheInspectorDoes();
    void expertChoiceAloneSaysWhy();
    void rejectsBadInput();
};

void TestRoutingDerivation::matchesInspectorAndRecomputation_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QString>("router");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("shared");
    for (const char* r : {"dense", "softmax-topk", "switch", "noisy-topk", "expert-choice", "top-p", "sigmoid-bias", "hash"})
        QTest::newRow(r) << "spirals" << r << "mixture" << 0;
    QTest::newRow("softmax-topk block") << "spirals" << "softmax-topk" << "block" << 0;
    QTest::newRow("top-p block") << "moons" << "top-p" << "block" << 0;
    QTest::newRow("sigmoid-bias block") << "moons" << "sigmoid-bias" << "block" << 0;
    QTest::newRow("softmax-topk regression") << "piecewise" << "softmax-topk" << "mixture" << 0;
    QTest::newRow("shared expert") << "blobs" << "softmax-topk" << "mixture" << 1;
}

void TestRoutingDerivation::matchesInspectorAndRecomputation() {
    QFETCH(QString, dataset);
    QFETCH(QString, router);
    QFETCH(QString, mode);
    QFETCH(int, shared);
    const Dataset data = testing::generated(dataset.toStdString(), 240, 3, true);
    RunConfig c = config(router, mode);
    c.model.sharedExperts = shared;
    auto experiment = testing::trained(data, c);
    auto inspector = experiment->inspector();
    const CostReport cost = experiment->cost();
    const TrainedModel& tm = inspector->model();
    const ModelConfig& m = tm.config.model;
    MoeNetwork& net = *tm.model;
    const Dataset& batch = inspector->evaluationBatch();

    std::vector<std::vector<float>> inputs;
    for (std::size_t r = 0; r < data.rows; r += 37) inputs.push_back(rawRow(data, r));
    inputs.push_back(std::vector<float>(data.cols, 0.25f));  // a point in no split
    int checked = 0;
    for (const std::vector<float>& raw : inputs) {
        const Result<RoutingDerivation> result = deriveRouting(*inspector, raw, cost);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().c_str());
        const RoutingDerivation& d = result.value();
        QVERIFY(d.unavailable.empty());
        const SampleInspection s = inspector->inspect(raw).value();
        QCOMPARE(d.context, s.context);
        QCOMPARE(d.batchSamples, s.batchSamples);
        QCOMPARE(d.layers.size(), s.layers.size());

        // Against the inspector: gate, choices, weights, each expert alone, the prediction.
        for (std::size_t l = 0; l < d.layers.size(); ++l) {
            const LayerDerivation& ld = d.layers[l];
            const LayerInspection& li = s.layers[l];
            COMPARE_VECTORS(ld.probs, li.gate);
            QCOMPARE(ld.chosen.size(), li.chosen.size());
            QCOMPARE(ld.capacity, li.capacity);
            for (std::size_t j = 0; j < ld.chosen.size(); ++j) {
                QCOMPARE(ld.chosen[j].expert, li.chosen[j].expert);
                QCOMPARE(ld.chosen[j].kept, li.chosen[j].kept);
                QVERIFY(close(ld.chosen[j].weight, li.chosen[j].weight));
                QVERIFY(close(ld.chosen[j].ruleWeight, ld.chosen[j].weight));  // nothing dropped
                // In mixture mode an expert alone answers softmax(E_i(x)).
                if (m.mode == MoeMode::Mixture && d.task == Task::Classification)
                    COMPARE_VECTORS(softmax(toDouble(ld.chosen[j].output)), toDouble(li.chosen[j].classProbabilities));
            }
        }
        if (d.task == Task::Classification) {
            COMPARE_VECTORS(d.classProbabilities, s.classProbabilities);
            QCOMPARE(d.predictedClass, s.predictedClass);
        } else {
            QVERIFY(close(d.predictedValue, s.predictedValue));
        }

        // Against a recomputation in double from the weights.
        Vec x(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) x[i] = (raw[i] - tm.inputScaler.mean()[i]) / tm.inputScaler.scale()[i];
        COMPARE_VECTORS(d.standardised, x);
        std::vector<Vec> batchInputs;  // expert choice: the router inputs of the whole batch (mixture)
        int row = 0;
        if (m.router == RouterKind::ExpertChoice) {
            QCOMPARE(m.mode, MoeMode::Mixture);
            for (std::size_t r = 0; r < batch.rows; ++r) {
                Vec v(batch.cols);
                for (std::size_t k = 0; k < batch.cols; ++k) v[k] = batch.feature(r, k);
                batchInputs.push_back(v);
            }
            row = s.testRow >= 0 ? s.testRow : static_cast<int>(batchInputs.size());
            if (s.testRow < 0) batchInputs.push_back(Vec(d.standardised.begin(), d.standardised.end()));
        }
        Vec u = x;
        auto* block = dynamic_cast<BlockMoeModel*>(&net);
        if (block) {
            u = affine(x, block->embedding());
            COMPARE_VECTORS(d.embedded, u);
        }
        for (std::size_t l = 0; l < d.layers.size(); ++l) {
            const LayerDerivation& ld = d.layers[l];
            const MoeLayer& layer = net.moeLayer(static_cast<int>(l));
            COMPARE_VECTORS(ld.input, u);
            QCOMPARE(ld.gateRows, static_cast<int>(u.size()));
            std::vector<int> hashChoice;
            for (const ExpertTerm& t : ld.chosen) hashChoice.push_back(t.expert);
            const Expected want = route(u, layer, m, batchInputs, row, hashChoice);
            COMPARE_VECTORS(ld.logits, want.logits);
            COMPARE_VECTORS(ld.probs, want.probs);
            if (!want.score.empty()) COMPARE_VECTORS(ld.selectionScore, want.score);
            QCOMPARE(ld.chosen.size(), want.chosen.size());
            Vec y(static_cast<std::size_t>(layer.outputs()), 0.0);
            for (std::size_t j = 0; j < ld.chosen.size(); ++j) {
                QCOMPARE(ld.chosen[j].expert, want.chosen[j]);
                QVERIFY(close(ld.chosen[j].weight, want.weights[j]));
                const Vec o = expertOutput(u, layer.experts()[static_cast<std::size_t>(want.chosen[j])]);
                COMPARE_VECTORS(ld.chosen[j].output, o);
                for (std::size_t k = 0; k < y.size(); ++k) y[k] += want.weights[j] * o[k];
            }
            QCOMPARE(ld.sharedOutputs.size(), static_cast<std::size_t>(shared));
            for (std::size_t i = 0; i < ld.sharedOutputs.size(); ++i) {
                const Vec o = expertOutput(u, layer.sharedExperts()[i]);
                COMPARE_VECTORS(ld.sharedOutputs[i], o);
                for (std::size_t k = 0; k < y.size(); ++k) y[k] += o[k];
            }
            COMPARE_VECTORS(ld.combined, y);
            if (block) {
                for (std::size_t k = 0; k < y.size(); ++k) u[k] += y[k];
                COMPARE_VECTORS(ld.residualOutput, u);
            } else {
                u = y;
            }
        }
        const Vec out = block ? affine(u, block->head()) : u;
        COMPARE_VECTORS(d.output, out);
        if (d.task == Task::Classification) COMPARE_VECTORS(d.classProbabilities, softmax(out));
        else QVERIFY(close(d.predictedValue, tm.targetScaler.mean + tm.targetScaler.scale * out.front()));

        // This input's FLOPs: the cost report's average whenever it used the k experts the
        // average assumes (always, except top-p and expert choice).
        if (m.router != RouterKind::TopP && m.router != RouterKind::ExpertChoice) QVERIFY(close(d.flops, cost.moe.flopsPerSample));
        QCOMPARE(d.flopsDenseEqualParams, cost.denseEqualParams.flopsPerSample);
        QCOMPARE(d.flopsDenseEqualCompute, cost.denseEqualCompute.flopsPerSample);
        ++checked;
    }
    QVERIFY(checked >= 5);
}

void TestRoutingDerivation::capacityDropsAsTheInspectorDoes() {
    const Dataset data = testing::generated("blobs", 400, 3, true);
    RunConfig c = testing::tinyConfig(3, 32, 7);
    c.model.evalCapacityFactor = 0.6;  // tight: some assignments are dropped
    auto experiment = testing::trained(data, c);
    auto inspector = experiment->inspector();
    int dropped = 0;
    for (std::size_t r = 0; r < data.rows; r += 3) {
        const std::vector<float> raw = rawRow(data, r);
        const RoutingDerivation d = deriveRouting(*inspector, raw, experiment->cost()).value();
        const SampleInspection s = inspector->inspect(raw).value();
        QVERIFY(d.layers.front().capacity > 0);
        QCOMPARE(d.layers.front().capacity, s.layers.front().capacity);
        for (std::size_t j = 0; j < d.layers.front().chosen.size(); ++j) {
            const ExpertTerm& t = d.layers.front().chosen[j];
            QCOMPARE(t.kept, s.layers.front().chosen[j].kept);
            QCOMPARE(t.weight, s.layers.front().chosen[j].weight);
            if (!t.kept) {
                ++dropped;
                QCOMPARE(t.weight, 0.0f);
                QVERIFY(t.output.empty());
                QVERIFY(t.ruleWeight > 0.0f);  // what the rule gave before capacity
            } else {
                QCOMPARE(t.weight, t.ruleWeight);  // kept weights are not renormalised again
            }
        }
        COMPARE_VECTORS(d.classProbabilities, s.classProbabilities);
    }
    QVERIFY(dropped > 0);
}

void TestRoutingDerivation::expertChoiceAloneSaysWhy() {
    const Dataset data = testing::generated("spirals", 200, 3, true);
    RunConfig c = config("expert-choice", "mixture");
    auto experiment = testing::trained(data, c);
    auto empty = std::make_shared<Dataset>();
    empty->cols = data.cols;
    SampleInspector alone(experiment->trainedModel(), empty);
    const Result<RoutingDerivation> d = deriveRouting(alone, rawRow(data, 0), experiment->cost());
    QVERIFY(d.ok());
    QVERIFY(d.value().layers.empty());
    QVERIFY(QString::fromStdString(d.value().unavailable).startsWith("Expert choice is undefined for one input alone"));
}

void TestRoutingDerivation::rejectsBadInput() {
    const Dataset data = testing::generated("spirals", 200, 3, true);
    auto experiment = testing::trained(data, testing::tinyConfig(2, 32, 7));
    auto inspector = experiment->inspector();
    const Result<RoutingDerivation> few = deriveRouting(*inspector, {1.0f}, experiment->cost());
    QVERIFY(!few.ok());
    QCOMPARE(QString::fromStdString(few.error()), QString("inspect: the model takes 2 features, the input has 1"));
    const Result<RoutingDerivation> nan = deriveRouting(*inspector, {1.0f, std::nanf("")}, experiment->cost());
    QVERIFY(!nan.ok());
    QVERIFY(QString::fromStdString(nan.error()).contains("feature 2 is not a finite number"));
}

QTEST_APPLESS_MAIN(TestRoutingDerivation)
#include "tst_routing_derivation.moc"
