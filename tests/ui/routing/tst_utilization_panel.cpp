// Tests ui/routing/utilization_panel.*: trained through a real TrainingController, the load map,
// the class map, the curves and the warning show the core's numbers, live while training.
#include "tests/support/worker_waits.h"
#include "tests/ui/train_helpers.h"
#include "ui/charts/expert_palette.h"
#include "ui/charts/heatmap_view.h"
#include "ui/training/training_controller.h"
#include "ui/routing/utilization_panel.h"

#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace moe::ui;
using namespace moe::ui::testing;

namespace {

moe::RunConfig config(int experts, int epochs) {
    moe::RunConfig c;
    c.model.experts = experts;
    c.model.topK = 1;
    c.model.hidden = 8;
    c.train.epochs = epochs;
    return c;
}

}  // namespace

class TestUtilizationPanel : public QObject {
    Q_OBJECT
private slots:
    void loadMapShowsEveryEpochsLoad();
    void classMapShowsSpecialisation();
    void curvesFollowTheRoutingMetrics();
    void collapsedRoutingIsWarned();
    void balancedRoutingIsNotWarned();
    void regressionExplainsTheMissingClassMap();
    void blockModeSelectsTheLayer();
    void updatesWhileTraining();
};

void TestUtilizationPanel::loadMapShowsEveryEpochsLoad() {
    TrainingController c;
    UtilizationPanel panel(&c);
    trainToTheEnd(c, generate("spirals", 300), config(4, 6));
    panel.redrawNow();
    const HeatmapData& d = panel.loadMap()->data();
    const auto& history = c.history();
    QCOMPARE(d.rows, 4);
    QCOMPARE(d.cols, static_cast<int>(history.size()));
    for (int t = 0; t < d.cols; ++t) {
        QCOMPARE(panel.epochAt(t), history[t].epoch);
        for (int e = 0; e < d.rows; ++e) {
            QCOMPARE(d.value(e, t), history[t].routing.expertLoad[static_cast<std::size_t>(e)]);
            // What a person reads when hovering that cell.
            const QString tip = panel.loadMap()->toolTipText(e, t);
            QVERIFY2(tip.contains(QString::number(history[t].routing.expertLoad[static_cast<std::size_t>(e)], 'g', 6)),
                     qPrintable(tip));
            QVERIFY(tip.contains(ExpertPalette::name(e)));
            QVERIFY(tip.contains(QStringLiteral("Epoch: %1").arg(history[t].epoch)));
        }
    }
    QCOMPARE(d.rowColors.value(2), ExpertPalette::color(2));
}

void TestUtilizationPanel::classMapShowsSpecialisation() {
    TrainingController c;
    UtilizationPanel panel(&c);
    trainToTheEnd(c, generate("blobs", 300), config(4, 5));
    panel.redrawNow();
    const HeatmapData& d = panel.classMap()->data();
    const moe::RoutingStats& s = c.history().constLast().routing;
    QCOMPARE(d.rows, 4);
    QCOMPARE(d.cols, c.data().classCount());
    for (int cls = 0; cls < d.cols; ++cls) {
        QCOMPARE(d.colLabels.value(cls), QString::fromStdString(c.data().classNames[static_cast<std::size_t>(cls)]));
        for (int e = 0; e < d.rows; ++e)
            QCOMPARE(d.value(e, cls), s.classExpert[static_cast<std::size_t>(cls)][static_cast<std::size_t>(e)]);
    }
    QVERIFY2(panel.classMap()->title().contains(QStringLiteral("NMI %1").arg(s.classExpertNmi, 0, 'f', 2)),
             qPrintable(panel.classMap()->title()));
    QCOMPARE(d.low.value_or(-1), 0.0);
    QCOMPARE(d.high.value_or(-1), 1.0);
}

void TestUtilizationPanel::curvesFollowTheRoutingMetrics() {
    TrainingController c;
    UtilizationPanel panel(&c);
    moe::RunConfig cfg = config(4, 4);
    cfg.model.capacityFactor = 0.8;  // some assignments are dropped
    trainToTheEnd(c, generate("moons", 300), cfg);
    panel.redrawNow();
    const auto& history = c.history();
    QCOMPARE(panel.loadCvSeries()->count(), static_cast<int>(history.size()));
    for (int t = 0; t < history.size(); ++t) {
        QCOMPARE(panel.loadCvSeries()->at(t), QPointF(history[t].epoch, history[t].routing.loadCv));
        QCOMPARE(panel.entropySeries()->at(t), QPointF(history[t].epoch, history[t].routing.usageEntropy));
        QCOMPARE(panel.droppedSeries()->at(t), QPointF(history[t].epoch, history[t].routing.droppedFraction));
    }
    QVERIFY(history.constLast().routing.droppedFraction > 0.0);
}

void TestUtilizationPanel::collapsedRoutingIsWarned() {
    // Two experts, no balance or z-loss, a large step: the gate sends everything to one
    // expert (checked below against the core's numbers, not assumed).
    TrainingController c;
    UtilizationPanel panel(&c);
    panel.resize(600, 700);
    panel.show();
    moe::RunConfig cfg = config(2, 10);
    cfg.model.hidden = 16;
    cfg.train.balanceLoss = 0.0;
    cfg.train.zLoss = 0.0;
    cfg.train.learningRate = 0.2;
    trainToTheEnd(c, generate("moons", 600), cfg);
    panel.redrawNow();
    const std::vector<double>& load = c.history().constLast().routing.expertLoad;
    const double top = std::max(load[0], load[1]);
    QVERIFY2(top > 0.9, qPrintable(QString::number(top)));
    QVERIFY(panel.warning()->isVisible());
    const QString text = panel.warning()->text();
    QVERIFY2(text.contains(QStringLiteral("collapsed")), qPrintable(text));
    QVERIFY(text.contains(ExpertPalette::name(load[0] > load[1] ? 0 : 1)));
    QVERIFY(text.contains(QStringLiteral("%1%").arg(100.0 * top, 0, 'f', 0)));
    QVERIFY2(text.contains(QStringLiteral("balance loss")), qPrintable(text));
}

void TestUtilizationPanel::balancedRoutingIsNotWarned() {
    // Expert choice gives every expert the same number of samples by construction.
    TrainingController c;
    UtilizationPanel panel(&c);
    panel.resize(600, 700);
    panel.show();
    moe::RunConfig cfg = config(4, 3);
    cfg.model.router = moe::RouterKind::ExpertChoice;
    trainToTheEnd(c, generate("moons", 300), cfg);
    panel.redrawNow();
    QVERIFY(c.history().constLast().routing.deadExperts.empty());
    QVERIFY2(!panel.warning()->isVisible(), qPrintable(panel.warning()->text()));
}

void TestUtilizationPanel::regressionExplainsTheMissingClassMap() {
    TrainingController c;
    UtilizationPanel panel(&c);
    trainToTheEnd(c, generate("piecewise", 200), config(4, 2));
    panel.redrawNow();
    QVERIFY(panel.classMap()->data().isEmpty());
    QVERIFY(panel.classMap()->data().emptyText.contains(QStringLiteral("classes")));
    QCOMPARE(panel.loadMap()->data().rows, 4);  // the load map works for any task
}

void TestUtilizationPanel::blockModeSelectsTheLayer() {
    TrainingController c;
    UtilizationPanel panel(&c);
    panel.show();
    moe::RunConfig cfg = config(4, 3);
    cfg.model.mode = moe::MoeMode::Block;
    cfg.model.layers = 2;
    trainToTheEnd(c, generate("moons", 300), cfg);
    panel.redrawNow();
    QVERIFY(panel.layerBox()->isVisible());
    QCOMPARE(panel.layerBox()->count(), 2);
    panel.layerBox()->setCurrentIndex(1);
    QCOMPARE(panel.layer(), 1);
    const auto& history = c.history();
    const HeatmapData& d = panel.loadMap()->data();
    for (int t = 0; t < history.size(); ++t)
        for (int e = 0; e < 4; ++e)
            QCOMPARE(d.value(e, t), history[t].layers[1].expertLoad[static_cast<std::size_t>(e)]);
    QCOMPARE(panel.loadCvSeries()->at(1).y(), history[1].layers[1].loadCv);
}

void TestUtilizationPanel::updatesWhileTraining() {
    TrainingController c;
    UtilizationPanel panel(&c);
    // A run that is still going when stopped: no early stopping (patience 0) ends it first.
    moe::RunConfig long_ = config(4, 5000);
    long_.train.patience = 0;
    c.setSetup(generate("spirals", 600), long_);
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    c.train();
    // The map grows while the run is still going, without any explicit redraw.
    QTRY_VERIFY_WITH_TIMEOUT(panel.loadMap()->data().cols > 3 && c.state() == TrainingState::Running, 60000);
    const int seen = panel.loadMap()->data().cols;
    QTRY_VERIFY_WITH_TIMEOUT(panel.loadMap()->data().cols > seen, 60000);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.stop();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
}

QTEST_MAIN(TestUtilizationPanel)
#include "tst_utilization_panel.moc"
