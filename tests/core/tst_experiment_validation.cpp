// Tests core/train/experiment.* on its validation split and what it keeps: the split is
// carved from the training rows (stratified, seeded), each model stops on its own patience
// and ends on the weights of its best validation epoch, the final snapshot is that epoch's
// scores, a diverging run keeps finite weights and says so, and data too small for three
// splits is refused with the counts.
#include "core/train/evaluate.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <cmath>

using namespace moe;

namespace {

int classRows(const Dataset& d, int label) {
    int n = 0;
    for (int l : d.labels) n += l == label;
    return n;
}

}  // namespace

class TestExperimentValidation : public QObject {
    Q_OBJECT
private slots:
    void validationComesFromTheTrainingRows() {
        const Dataset data = testing::generated("blobs", 400, 3);
        RunConfig c = testing::tinyConfig(2, 64, 5);
        c.train.testFraction = 0.2;
        c.train.validationFraction = 0.25;
        auto e = Experiment::create(data, c);
        QVERIFY(e);
        const Experiment& x = *e.value();
        QCOMPARE(x.testSet().rows, std::size_t{80});
        QCOMPARE(x.validationSet().rows, std::size_t{80});   // 25% of the 320 left
        QCOMPARE(x.trainSet().rows, std::size_t{240});
        // Stratified: each class's share of the validation rows is its share of the data.
        for (int label = 0; label < data.classCount(); ++label)
            QVERIFY(std::abs(classRows(x.validationSet(), label) * 400.0 / 80.0 - classRows(data, label)) <= 5.0 + 1e-9);
        // The test split is the one a run without validation has: validation never takes test rows.
        c.train.validationFraction = 0.0;
        c.train.patience = 0;
        auto plain = Experiment::create(data, c);
        QVERIFY(plain);
        QCOMPARE(plain.value()->testSet().labels, x.testSet().labels);
        QCOMPARE(plain.value()->trainSet().rows, std::size_t{320});
    }
    void eachModelKeepsItsBestEpoch() {
        // Few rows and many epochs: the models overfit and stop on their own patience.
        const Dataset data = testing::generated("spirals", 160, 2, true);
        RunConfig c = testing::tinyConfig(300, 16, 9);
        c.model.hidden = 32;
        c.train.learningRate = 0.03;
        c.train.patience = 8;
        auto e = testing::trained(data, c);
        QVERIFY(e->finished());
        const auto& history = e->history();
        const EpochSnapshot& kept = e->snapshot();
        bool someStopped = false;
        for (auto field : {&EpochSnapshot::moe, &EpochSnapshot::denseEqualParams, &EpochSnapshot::denseEqualCompute}) {
            const ModelMetrics& m = kept.*field;
            QVERIFY(m.bestEpoch >= 0 && m.bestEpoch <= e->epochsCompleted());
            const ModelMetrics& then = history[static_cast<std::size_t>(m.bestEpoch)].*field;
            QCOMPARE(m.testLoss, then.testLoss);
            QCOMPARE(m.validationLoss, then.validationLoss);
            // The kept epoch has the lowest validation loss of every epoch the model trained.
            for (const EpochSnapshot& s : history) QVERIFY((s.*field).validationLoss >= m.validationLoss);
            someStopped = someStopped || m.stoppedEarly;
        }
        QVERIFY(someStopped);
        QVERIFY(e->epochsCompleted() < 300);
        // The MoE really holds the kept epoch's weights: scoring it again gives those scores.
        const TrainedModel tm = e->trainedModel();
        const ModelMetrics again = evaluateModel(*tm.model, e->testSet(), tm.targetScaler);
        QCOMPARE(again.testLoss, kept.moe.testLoss);
        QVERIFY(e->divergences().empty());
    }
    void patienceZeroTrainsEveryEpochAndKeepsTheLast() {
        const Dataset data = testing::generated("blobs", 200, 3);
        RunConfig c = testing::tinyConfig(6, 32, 5);
        c.train.patience = 0;
        auto e = testing::trained(data, c);
        QCOMPARE(e->epochsCompleted(), 6);
        QCOMPARE(e->snapshot().moe.bestEpoch, 6);
        QVERIFY(!e->snapshot().moe.stoppedEarly);
        QCOMPARE(e->snapshot().moe.testLoss, e->history().back().moe.testLoss);
    }
    void divergenceKeepsFiniteWeights() {
        // Squared error and plain SGD at a rate far too high: the weights grow geometrically.
        const Dataset data = testing::generated("piecewise", 200, 3);
        RunConfig c = testing::tinyConfig(20, 32, 5);
        c.train.optimizer = OptimizerKind::Sgd;
        c.train.learningRate = 10.0;
        c.train.momentum = 0.99;
        c.train.clipNorm = 0.0;   // no safeguards
        c.train.weightDecay = 0.0;
        c.train.lrSchedule = LrSchedule::Constant;
        auto e = testing::trained(data, c);
        QVERIFY(e->finished());
        const std::vector<std::string> why = e->divergences();
        QVERIFY(!why.empty());
        QVERIFY2(QString::fromStdString(why.front()).contains("diverged in epoch"), why.front().c_str());
        for (auto field : {&EpochSnapshot::moe, &EpochSnapshot::denseEqualParams, &EpochSnapshot::denseEqualCompute}) {
            const ModelMetrics& m = e->snapshot().*field;
            QVERIFY(std::isfinite(m.testLoss));
            QVERIFY(std::isfinite(m.testR2));
        }
        const TrainedModel tm = e->trainedModel();
        for (const Parameter& p : tm.model->parameters()) QVERIFY(p.value->allFinite());
    }
    void tooFewRowsForThreeSplits() {
        Dataset d = testing::generated("blobs", 200, 3);
        d.rows = 2;
        d.features.resize(2 * d.cols);
        d.labels = {0, 1};
        RunConfig c = testing::tinyConfig(2, 8, 1);
        auto e = Experiment::create(d, c);
        QVERIFY(!e);
        const QString why = QString::fromStdString(e.error());
        QVERIFY2(why.contains("2 rows, too few for the splits: 1 to train, 0 to validate, 1 to test"), qPrintable(why));
    }
    void validationThatLeavesAClassUntrainedIsRefused() {
        Dataset d = testing::generated("blobs", 200, 3);
        // One row of class 0: whichever of the test and validation splits takes it (the
        // validation split's 90% always does when the test split does not), none is trained on.
        std::vector<float> features;
        std::vector<int> labels;
        int zeros = 0;
        for (std::size_t r = 0; r < d.rows; ++r) {
            if (d.labels[r] == 0 && ++zeros > 1) continue;
            features.insert(features.end(), d.features.begin() + static_cast<long>(r * d.cols),
                            d.features.begin() + static_cast<long>((r + 1) * d.cols));
            labels.push_back(d.labels[r]);
        }
        d.features = features;
        d.labels = labels;
        d.rows = labels.size();
        RunConfig c = testing::tinyConfig(2, 8, 1);
        c.train.validationFraction = 0.9;
        auto e = Experiment::create(d, c);
        QVERIFY(!e);
        QVERIFY2(QString::fromStdString(e.error()).contains("--validation-fraction: leaves class '"), e.error().c_str());
    }
};

QTEST_APPLESS_MAIN(TestExperimentValidation)
#include "tst_experiment_validation.moc"
