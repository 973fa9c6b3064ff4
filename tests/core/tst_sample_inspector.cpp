// Tests core/train/sample_inspector.*: the inspector's numbers against the model's own
// forward pass over whole batches - combined prediction, gate probabilities per layer,
// renormalised top-k weights, capacity drops in the evaluation batch, the hash router's
// choice, each expert's own prediction, and bad input.
#include "core/data/generators.h"
#include "core/model/aux_losses.h"
#include "core/train/evaluate.h"
#include "core/train/experiment.h"
#include "core/train/sample_inspector.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace moe;

namespace {

Dataset makeData(const std::string& name, int samples) { return testing::generated(name, samples, 3, true); }

RunConfig baseConfig() { return testing::tinyConfig(3, 32, 7); }

using testing::trained;

using testing::rawRow;

/// One forward of a copy of the model over `standardised`; returns the model's output.
Matrix forwardCopy(const TrainedModel& tm, const Dataset& standardised, std::unique_ptr<MoeNetwork>& net) {
    net = tm.model->clone();
    Matrix X;
    toMatrix(standardised, X);
    return net->forward(X, Phase::Inference);
}

}  // namespace

class TestSampleInspector : public QObject {
    Q_OBJECT
private slots:
    void combinedAndGateMatchTheModel_data();
    void combinedAndGateMatchTheModel();
    void topKWeightsAreRenormalisedGate();
    void everyLayerMatchesInBlockMode();
    void expertsCombineToTheModelInRegression_data();
    void expertsCombineToTheModelInRegression();
    void capacityFollowsTheEvaluationBatch();
    void hashRouterShowsTheHashChoice();
    void rejectsBadInput();
    void predictNamesTheExpertsTheInspectorShows_data();
    void predictNamesTheExpertsTheInspectorShows();
};

void TestSampleInspector::predictNamesTheExpertsTheInspectorShows_data() {
    QTest::addColumn<QString>("router");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("evalCapacity");
    QTest::newRow("hash") << "hash" << "mixture" << 0.0;
    QTest::newRow("sigmoid-bias") << "sigmoid-bias" << "mixture" << 0.0;
    QTest::newRow("expert-choice") << "expert-choice" << "mixture" << 0.0;
    QTest::newRow("softmax-topk, capacity 0.5") << "softmax-topk" << "mixture" << 0.5;
    QTest::newRow("hash, block, 2 layers") << "hash" << "block" << 0.0;
}

// predict() - what `moe predict` prints - and the gate inspector name the same experts with
// the same combine weights for every row, when the inspector's evaluation batch is the
// rows predict() routes together (capacity and expert choice depend on the batch).
void TestSampleInspector::predictNamesTheExpertsTheInspectorShows() {
    QFETCH(QString, router);
    QFETCH(QString, mode);
    QFETCH(double, evalCapacity);
    const Dataset data = makeData("blobs", 300);
    RunConfig c = baseConfig();
    c.model.router = *parseRouter(router.toStdString());
    c.model.mode = *parseMode(mode.toStdString());
    if (c.model.mode == MoeMode::Block) c.model.layers = 2;
    c.model.evalCapacityFactor = evalCapacity;
    auto e = trained(data, c);
    const TrainedModel tm = e->trainedModel();
    const Dataset rows = data.subset({0, 5, 9, 14, 20, 33, 41, 57, 60, 71, 88, 90, 101, 119, 150, 151, 152, 200});
    auto batch = std::make_shared<Dataset>(rows);
    tm.inputScaler.apply(*batch);
    SampleInspector inspector(tm, batch);
    const Predictions p = predict(tm, rows);
    QCOMPARE(p.routed.size(), static_cast<std::size_t>(tm.model->moeLayerCount()));
    int dropped = 0, distinctFirst = 0;
    std::vector<int> firsts;
    for (std::size_t r = 0; r < rows.rows; ++r) {
        Result<SampleInspection> s = inspector.inspect(rawRow(rows, r));
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().c_str());
        for (std::size_t l = 0; l < p.routed.size(); ++l) {
            std::vector<RoutedExpert> shown;
            for (const ExpertAnswer& a : s.value().layers[l].chosen)
                if (a.kept) shown.push_back({a.expert, a.weight});
            QVERIFY2(shown == p.routed[l][r], qPrintable(QStringLiteral("row %1 layer %2").arg(r).arg(l)));
        }
        if (p.routed[0][r].empty()) ++dropped;
        else firsts.push_back(p.routed[0][r].front().expert);
    }
    std::sort(firsts.begin(), firsts.end());
    distinctFirst = static_cast<int>(std::unique(firsts.begin(), firsts.end()) - firsts.begin());
    // Not a trivial agreement: the hash spreads rows over experts (the gate's argmax said 0
    // for every row), and a capacity of half the rows' share drops some.
    QVERIFY(distinctFirst > 1);
    if (evalCapacity > 0.0) QVERIFY(dropped > 0 || std::any_of(p.routed[0].begin(), p.routed[0].end(),
                                                                [&](const auto& v) { return v.size() < 2; }));
}

void TestSampleInspector::combinedAndGateMatchTheModel_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QString>("router");
    QTest::addColumn<QString>("mode");
    QTest::newRow("spirals softmax-topk mixture") << "spirals" << "softmax-topk" << "mixture";
    QTest::newRow("blobs top-p mixture") << "blobs" << "top-p" << "mixture";
    QTest::newRow("moons switch block") << "moons" << "switch" << "block";
    QTest::newRow("spirals expert-choice mixture") << "spirals" << "expert-choice" << "mixture";
    QTest::newRow("piecewise softmax-topk mixture") << "piecewise" << "softmax-topk" << "mixture";
}

void TestSampleInspector::combinedAndGateMatchTheModel() {
    QFETCH(QString, dataset);
    QFETCH(QString, router);
    QFETCH(QString, mode);
    const Dataset data = makeData(dataset.toStdString(), 300);
    RunConfig c = baseConfig();
    c.model.router = *parseRouter(router.toStdString());
    c.model.mode = *parseMode(mode.toStdString());
    if (c.model.router == RouterKind::Switch) c.model.topK = 1;
    auto e = trained(data, c);
    auto inspector = e->inspector();
    const Predictions p = predict(e->trainedModel(), data);
    int inTest = 0;
    for (std::size_t r = 0; r < data.rows; r += 7) {
        Result<SampleInspection> s = inspector->inspect(rawRow(data, r));
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().c_str());
        const SampleInspection& si = s.value();
        if (si.testRow >= 0) ++inTest;
        QCOMPARE(si.layers.size(), std::size_t{1} * static_cast<std::size_t>(e->trainedModel().model->moeLayerCount()));
        if (c.model.router == RouterKind::ExpertChoice) {
            // Batch-dependent: predict() routes the whole dataset, the inspector the test split.
            QVERIFY(si.context != InspectionContext::Alone);
            continue;
        }
        QCOMPARE(si.context, InspectionContext::Alone);
        const auto row = static_cast<Eigen::Index>(r);
        for (int x = 0; x < inspector->experts(); ++x)
            QVERIFY(std::abs(si.layers[0].gate[static_cast<std::size_t>(x)] - p.gateProbabilities[0](row, x)) < 1e-5f);
        if (data.task == Task::Classification) {
            for (int k = 0; k < data.classCount(); ++k)
                QVERIFY(std::abs(si.classProbabilities[static_cast<std::size_t>(k)] - p.classProbabilities(row, k)) < 1e-5f);
            QCOMPARE(si.predictedClass, p.predictedClass[r]);
        } else {
            QVERIFY(std::abs(si.predictedValue - p.predictedValue[r]) < 1e-4f * (1.0f + std::abs(p.predictedValue[r])));
        }
        // Every chosen expert answered for itself.
        for (const ExpertAnswer& a : si.layers[0].chosen) {
            if (data.task == Task::Classification) {
                QCOMPARE(a.classProbabilities.size(), static_cast<std::size_t>(data.classCount()));
                float sum = 0.0f;
                for (float q : a.classProbabilities) sum += q;
                QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
            } else {
                QVERIFY(std::isfinite(a.value));
            }
        }
    }
    QVERIFY(inTest > 0);  // test rows are recognised
}

void TestSampleInspector::topKWeightsAreRenormalisedGate() {
    const Dataset data = makeData("blobs", 300);
    RunConfig c = baseConfig();
    c.model.topK = 2;
    auto e = trained(data, c);
    auto inspector = e->inspector();
    for (std::size_t r = 0; r < data.rows; r += 11) {
        const SampleInspection s = inspector->inspect(rawRow(data, r)).value();
        const LayerInspection& l = s.layers[0];
        QCOMPARE(l.chosen.size(), std::size_t{2});
        std::vector<float> sorted = l.gate;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QCOMPARE(l.chosen[0].gate, sorted[0]);
        QCOMPARE(l.chosen[1].gate, sorted[1]);
        const float sum = sorted[0] + sorted[1];
        for (const ExpertAnswer& a : l.chosen) {
            QVERIFY(a.kept);
            QCOMPARE(a.gate, l.gate[static_cast<std::size_t>(a.expert)]);
            QVERIFY(std::abs(a.weight - a.gate / sum) < 1e-6f);
        }
    }
}

void TestSampleInspector::everyLayerMatchesInBlockMode() {
    const Dataset data = makeData("spirals", 300);
    RunConfig c = baseConfig();
    c.model.mode = MoeMode::Block;
    c.model.layers = 3;
    auto e = trained(data, c);
    auto inspector = e->inspector();
    std::unique_ptr<MoeNetwork> net;
    const Matrix Y = forwardCopy(e->trainedModel(), e->testSet(), net);
    Matrix probs;
    softmaxRows(Y, probs);
    QCOMPARE(inspector->layers(), 3);
    for (std::size_t r = 0; r < data.rows; ++r) {
        const SampleInspection s = inspector->inspect(rawRow(data, r)).value();
        if (s.testRow < 0) continue;
        for (int l = 0; l < 3; ++l)
            for (int x = 0; x < 4; ++x)
                QVERIFY(std::abs(s.layers[static_cast<std::size_t>(l)].gate[static_cast<std::size_t>(x)] -
                                 net->moeLayer(l).routing().probs(s.testRow, x)) < 1e-5f);
        for (int k = 0; k < data.classCount(); ++k)
            QVERIFY(std::abs(s.classProbabilities[static_cast<std::size_t>(k)] - probs(s.testRow, k)) < 1e-5f);
    }
}

void TestSampleInspector::expertsCombineToTheModelInRegression_data() {
    QTest::addColumn<QString>("mode");
    QTest::newRow("mixture") << "mixture";
    QTest::newRow("block, one layer") << "block";  // the head is linear: it commutes with the mix
}

void TestSampleInspector::expertsCombineToTheModelInRegression() {
    // With weights summing to 1 and nothing dropped, the combined value is the weighted sum
    // of the experts' own values: this checks each expert's own prediction.
    QFETCH(QString, mode);
    const Dataset data = makeData("piecewise", 300);
    RunConfig c = baseConfig();
    c.model.mode = *parseMode(mode.toStdString());
    auto e = trained(data, c);
    auto inspector = e->inspector();
    for (std::size_t r = 0; r < data.rows; r += 9) {
        const SampleInspection s = inspector->inspect(rawRow(data, r)).value();
        double mix = 0.0, weights = 0.0;
        for (const ExpertAnswer& a : s.layers[0].chosen) {
            mix += static_cast<double>(a.weight) * a.value;
            weights += a.weight;
        }
        QVERIFY(std::abs(weights - 1.0) < 1e-5);
        QVERIFY2(std::abs(mix - s.predictedValue) < 1e-3 * (1.0 + std::abs(s.predictedValue)),
                 qPrintable(QStringLiteral("%1 vs %2").arg(mix).arg(s.predictedValue)));
    }
}

void TestSampleInspector::capacityFollowsTheEvaluationBatch() {
    const Dataset data = makeData("blobs", 400);
    RunConfig c = baseConfig();
    c.model.topK = 2;
    c.model.evalCapacityFactor = 0.6;  // tight: some assignments are dropped
    auto e = trained(data, c);
    auto inspector = e->inspector();
    QVERIFY(inspector->batchDependent());
    std::unique_ptr<MoeNetwork> net;
    forwardCopy(e->trainedModel(), e->testSet(), net);
    const Routing& routing = net->moeLayer(0).routing();
    QVERIFY(routing.keptAssignments() < routing.assignments());
    int checked = 0, dropped = 0;
    for (std::size_t r = 0; r < data.rows; ++r) {
        const SampleInspection s = inspector->inspect(rawRow(data, r)).value();
        if (s.testRow < 0) {
            QCOMPARE(s.context, InspectionContext::AppendedToBatch);
            QCOMPARE(s.batchSamples, static_cast<int>(e->testSet().rows) + 1);
            continue;
        }
        QCOMPARE(s.context, InspectionContext::EvaluationBatch);
        QCOMPARE(s.batchSamples, static_cast<int>(e->testSet().rows));
        QCOMPARE(s.layers[0].capacity, routing.capacity);
        for (const ExpertAnswer& a : s.layers[0].chosen) {
            QCOMPARE(a.expert, routing.expertAt(s.testRow, a.rank));
            QCOMPARE(a.kept, routing.keptAt(s.testRow, a.rank));
            QCOMPARE(a.weight, routing.weight(s.testRow, a.rank));
            if (!a.kept) {
                QCOMPARE(a.weight, 0.0f);
                ++dropped;
            }
        }
        ++checked;
    }
    QCOMPARE(checked, static_cast<int>(e->testSet().rows));
    QVERIFY(dropped > 0);
}

void TestSampleInspector::hashRouterShowsTheHashChoice() {
    const Dataset data = makeData("spirals", 200);
    RunConfig c = baseConfig();
    c.model.router = RouterKind::Hash;
    auto e = trained(data, c);
    auto inspector = e->inspector();
    std::unique_ptr<MoeNetwork> net;
    forwardCopy(e->trainedModel(), e->testSet(), net);
    const Routing& routing = net->moeLayer(0).routing();
    for (std::size_t r = 0; r < data.rows; ++r) {
        const SampleInspection s = inspector->inspect(rawRow(data, r)).value();
        if (s.testRow < 0) continue;
        for (float g : s.layers[0].gate) QCOMPARE(g, 0.25f);
        for (const ExpertAnswer& a : s.layers[0].chosen) {
            QCOMPARE(a.expert, routing.expertAt(s.testRow, a.rank));
            QCOMPARE(a.weight, 0.5f);
        }
    }
}

void TestSampleInspector::rejectsBadInput() {
    const Dataset data = makeData("moons", 100);
    auto e = trained(data, baseConfig());
    auto inspector = e->inspector();
    const Result<SampleInspection> few = inspector->inspect({1.0f});
    QVERIFY(!few.ok());
    QVERIFY(QString::fromStdString(few.error()).contains("2 features"));
    const Result<SampleInspection> nan = inspector->inspect({1.0f, std::nanf("")});
    QVERIFY(!nan.ok());
    QVERIFY(QString::fromStdString(nan.error()).contains("feature 2"));
    // Any point of the plane, not only data points.
    const Result<SampleInspection> anywhere = inspector->inspect({100.0f, -50.0f});
    QVERIFY(anywhere.ok());
    QCOMPARE(anywhere.value().testRow, -1);
}

QTEST_APPLESS_MAIN(TestSampleInspector)
#include "tst_sample_inspector.moc"
