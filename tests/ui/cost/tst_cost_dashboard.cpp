// The Cost tab against the core: the cost table equals the Experiment's CostReport, the
// Pareto view's points equal the core's top-k sweep of the same (deterministic) run, the
// spin box moves the highlight onto the core's point for that k, and the latency and the
// session savings arrive from the training thread.
#include "tests/support/worker_waits.h"
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "ui/cost/cost_dashboard.h"
#include "ui/cost/cost_table_model.h"
#include "ui/cost/latency_table_model.h"
#include "ui/cost/pareto_view.h"
#include "ui/training/training_controller.h"
#include "tests/support/experiment_fixtures.h"

#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <cmath>

using namespace moe::ui;

namespace {

moe::Dataset makeData(const char* name) { return moe::testing::generated(name, 300); }

moe::RunConfig config(int topK) {
    moe::RunConfig c = moe::testing::tinyConfig(4, 32, moe::RunConfig{}.train.seed);
    c.model.topK = topK;
    return c;
}

/// The same run, trained by the core alone.
std::unique_ptr<moe::Experiment> coreRun(const moe::Dataset& data, const moe::RunConfig& c) {
    return moe::testing::trained(data, c);
}

double score(moe::Task task, const moe::ModelMetrics& m) {
    return task == moe::Task::Regression ? m.testR2 : 100.0 * m.testAccuracy;
}

}  // namespace

class TestCostDashboard : public QObject {
    Q_OBJECT
private slots:
    void matchesTheCore_data();
    void matchesTheCore();
    void routerWithoutTopKShowsOnePoint();
};

void TestCostDashboard::matchesTheCore_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("topK");
    QTest::newRow("spirals k=2") << "spirals" << 2;
    QTest::newRow("blobs k=1") << "blobs" << 1;
    QTest::newRow("piecewise regression k=2") << "piecewise" << 2;
}

void TestCostDashboard::matchesTheCore() {
    QFETCH(QString, dataset);
    QFETCH(int, topK);
    const moe::Dataset data = makeData(dataset.toLatin1().constData());
    const moe::RunConfig c = config(topK);

    TrainingController controller;
    CostDashboard dashboard(&controller);
    dashboard.resize(540, 700);
    dashboard.show();
    QSignalSpy latency(&controller, &TrainingController::latencyChanged);
    controller.setSetup(data, c);
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(latency.count() >= 1, 20000);  // measured when the models are built
    latency.clear();
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(latency.count() >= 1, 20000);  // and again when the run ends
    QTRY_COMPARE(controller.topKSweep().size(), std::size_t{4});
    dashboard.redrawNow();
    dashboard.pareto()->redrawNow();

    const auto core = coreRun(data, c);
    const moe::CostReport cost = core->cost();

    // The cost table shows the core's CostReport, cell for cell.
    const CostTableModel* table = dashboard.costModel();
    QVERIFY(table->hasCost());
    const std::array<const moe::ModelCost*, 3> models{&cost.moe, &cost.denseEqualParams, &cost.denseEqualCompute};
    for (int col = 0; col < 3; ++col) {
        const moe::ModelCost& m = *models[static_cast<std::size_t>(col)];
        QCOMPARE(table->value(CostTableModel::ParamsTotal, col), static_cast<double>(m.paramsTotal));
        QCOMPARE(table->value(CostTableModel::ParamsActive, col), static_cast<double>(m.paramsActive));
        QCOMPARE(table->value(CostTableModel::Flops, col), m.flopsPerSample);
        QCOMPARE(table->value(CostTableModel::ExpertFlops, col), m.expertFlops);
        QCOMPARE(table->index(CostTableModel::Flops, col).data().toString(),
                 CostTableModel::formatCount(m.flopsPerSample));
    }
    QCOMPARE(table->value(CostTableModel::GateFlops, 0), cost.moe.gateFlops);
    QCOMPARE(table->value(CostTableModel::CombineFlops, 0), cost.moe.combineFlops);
    QVERIFY(dashboard.summaryText().contains(CostTableModel::formatCount(cost.moe.flopsPerSample)));

    // The Pareto view plots the core's sweep of the same run; the trained k reproduces the
    // trained model's own test score.
    const std::vector<moe::TopKPoint> sweep = core->topKSweep();
    const QList<QPointF> plotted = dashboard.pareto()->moePoints();
    QCOMPARE(plotted.size(), qsizetype(4));
    for (int k = 1; k <= 4; ++k) {
        const moe::TopKPoint& p = sweep[static_cast<std::size_t>(k - 1)];
        QCOMPARE(plotted[k - 1].x(), p.cost.flopsPerSample);
        QCOMPARE(plotted[k - 1].y(), score(data.task, p.metrics));
    }
    QCOMPARE(plotted[topK - 1].y(), score(data.task, core->snapshot().moe));
    QCOMPARE(dashboard.pareto()->denseParamsPoint(),
             QPointF(cost.denseEqualParams.flopsPerSample, score(data.task, core->snapshot().denseEqualParams)));
    QCOMPARE(dashboard.pareto()->denseComputePoint(),
             QPointF(cost.denseEqualCompute.flopsPerSample, score(data.task, core->snapshot().denseEqualCompute)));

    // The spin box starts at the trained k; each k moves the highlight onto the core's point.
    QSpinBox* spin = dashboard.pareto()->kSpinBox();
    QVERIFY(spin->isEnabled());
    QCOMPARE(spin->value(), topK);
    QCOMPARE(spin->maximum(), 4);
    QVERIFY(dashboard.pareto()->readoutText().contains(QStringLiteral("the trained k")));
    for (int k = 1; k <= 4; ++k) {
        spin->setValue(k);
        const moe::TopKPoint& p = sweep[static_cast<std::size_t>(k - 1)];
        QCOMPARE(dashboard.pareto()->highlightedPoint(), QPointF(p.cost.flopsPerSample, score(data.task, p.metrics)));
        QVERIFY(dashboard.pareto()->readoutText().contains(QStringLiteral("k = %1").arg(k)));
        QVERIFY(dashboard.pareto()->readoutText().contains(CostTableModel::formatCount(p.cost.flopsPerSample)));
    }
    // A new sweep while training keeps the person's choice.
    dashboard.pareto()->setData(controller.topKSweep(), controller.cost(), controller.history().constLast(),
                                data.task, topK, c.model.router);
    dashboard.pareto()->redrawNow();
    QCOMPARE(spin->value(), 4);

    // Latency of all three models, in the units the rows name.
    const LatencyTableModel* lat = dashboard.latencyModel();
    QVERIFY(lat->hasLatency());
    const moe::LatencyReport& report = controller.latency();
    QCOMPARE(lat->value(LatencyTableModel::SingleMicros, LatencyTableModel::Moe), 1e6 * report.moe.single.secondsPerBatch);
    QCOMPARE(lat->value(LatencyTableModel::Throughput, LatencyTableModel::DenseEqualParams),
             report.denseEqualParams.batch.samplesPerSecond());
    for (int col = 0; col < 3; ++col)
        for (int row = 0; row < LatencyTableModel::RowCount; ++row) QVERIFY(lat->value(row, col) > 0.0);

    // Savings: every prediction counted at least once per epoch's test evaluation.
    const moe::SavingsTally& s = controller.savings();
    QVERIFY(s.samples >= static_cast<std::int64_t>(5 * core->testSet().rows));
    QVERIFY(s.denseFlops > s.moeFlops);
    QVERIFY(dashboard.savingsText().contains(QLocale().toString(static_cast<qlonglong>(s.samples))));
    const std::int64_t before = s.samples;
    controller.addPredictions(10);
    QCOMPARE(controller.savings().samples, before + 10);
}

void TestCostDashboard::routerWithoutTopKShowsOnePoint() {
    moe::RunConfig c = config(1);
    c.model.router = moe::RouterKind::Switch;
    c.train.epochs = 2;
    TrainingController controller;
    CostDashboard dashboard(&controller);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    controller.setSetup(makeData("blobs"), c);
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QTest::qWait(200);
    dashboard.redrawNow();
    dashboard.pareto()->redrawNow();
    QVERIFY(controller.topKSweep().empty());
    QVERIFY(!dashboard.pareto()->kSpinBox()->isEnabled());
    QCOMPARE(dashboard.pareto()->moePoints().size(), qsizetype(1));
    QCOMPARE(dashboard.pareto()->moePoints().first().x(), controller.cost().moe.flopsPerSample);
    QVERIFY(dashboard.pareto()->readoutText().contains(QStringLiteral("switch")));
}

QTEST_MAIN(TestCostDashboard)
#include "tst_cost_dashboard.moc"
