// The window end to end, offscreen: real buttons, real training thread, real views.
#include "tests/support/worker_waits.h"
#include "ui/cost/cost_panel.h"
#include "ui/cost/cost_table_model.h"
#include "ui/training/curves_view.h"
#include "ui/data/data_panel.h"
#include "ui/data/data_scatter_view.h"
#include "ui/charts/expert_palette.h"
#include "ui/charts/presentation.h"
#include "ui/window/main_window.h"
#include "ui/settings/model_panel.h"
#include "ui/settings/router_settings.h"
#include "ui/routing/routing_panel.h"
#include "ui/routing/routing_stats_model.h"
#include "ui/settings/settings_form.h"
#include "ui/territory/territory_renderer.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QHash>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QXYSeries>

#include <memory>

using namespace moe::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensOnTheDefaultDatasetReadyToTrain();
    void presentationModeIsFullScreenAndLargerThenBack();
    void trainsThroughTheRealButtons();
    void stopEndsTrainingEarly();
    void pauseThenResume();
    void stepAdvancesExactlyOneEpoch();
    void invalidSettingsAreExplainedAndDisableTrain();
    void trainsWithEveryRouter_data();
    void trainsWithEveryRouter();
    void badFieldsAreMarkedAndDisableTrain();
    void blockModeWithTwoLayersTrains();

private:
    std::unique_ptr<MainWindow> makeWindow(int samples, int epochs);
    static void click(MainWindow& w, QAction* action);
    static void trainToTheEnd(MainWindow& w);
    static void checkRoutingReadout(MainWindow& w, int layers);
};

std::unique_ptr<MainWindow> TestMainWindow::makeWindow(int samples, int epochs) {
    auto w = std::make_unique<MainWindow>();
    w->resize(1280, 800);
    w->show();
    w->dataPanel()->setSamples(samples);
    w->setEpochs(epochs);
    return w;
}

void TestMainWindow::click(MainWindow& w, QAction* action) {
    QToolButton* button = w.trainingPanel()->buttonFor(action);
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(action->text() + QStringLiteral(" is disabled")));
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestMainWindow::opensOnTheDefaultDatasetReadyToTrain() {
    MainWindow w;
    w.show();
    QCOMPARE(QString::fromStdString(w.dataPanel()->params().name), QStringLiteral("spirals"));
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QVERIFY(w.trainingPanel()->trainAction()->isEnabled());
    QVERIFY(w.trainingPanel()->stepAction()->isEnabled());
    // Nothing to pause, stop or reset yet: no dead buttons.
    QVERIFY(!w.trainingPanel()->pauseAction()->isEnabled());
    QVERIFY(!w.trainingPanel()->stopAction()->isEnabled());
    QVERIFY(!w.trainingPanel()->resetAction()->isEnabled());
    QVERIFY(w.dataView()->pointCount() > 0);
}

void TestMainWindow::presentationModeIsFullScreenAndLargerThenBack() {
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    Presentation* p = Presentation::instance();
    p->setZoom(1.1);
    QAction* present = w.findChild<QAction*>(QStringLiteral("presentationAction"));
    QVERIFY(present);
    QCOMPARE(present->shortcut(), QKeySequence(Qt::Key_F11));
    present->trigger();
    QVERIFY(w.isPresenting());
    QTRY_VERIFY(w.isFullScreen());
    QCOMPARE(p->zoom(), 1.5);
    // Zoom works inside presentation mode too.
    w.findChild<QAction*>(QStringLiteral("zoomInAction"))->trigger();
    QCOMPARE(p->zoom(), 1.75);
    present->trigger();
    QTRY_VERIFY(!w.isFullScreen());
    QCOMPARE(p->zoom(), 1.1);
    w.findChild<QAction*>(QStringLiteral("zoomResetAction"))->trigger();
    QCOMPARE(p->zoom(), 1.0);
    QAction* contrast = w.findChild<QAction*>(QStringLiteral("highContrastAction"));
    contrast->trigger();
    QVERIFY(p->highContrast());
    contrast->trigger();
    QVERIFY(!p->highContrast());
}

void TestMainWindow::trainsThroughTheRealButtons() {
    auto w = makeWindow(300, 5);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    click(*w, w->trainingPanel()->trainAction());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QVERIFY(c->state() == TrainingState::Finished);
    QCOMPARE(c->epochsCompleted(), 5);

    // Curves: epoch 0 (untrained) and the five trained epochs, on every model's series.
    w->curvesView()->redrawNow();
    QCOMPARE(w->curvesView()->pointCount(), 6);
    for (QXYSeries* s : w->curvesView()->series()) QVERIFY(s->count() >= 5);

    // Territory: an image, and more than one expert colour in it.
    QTRY_VERIFY(!w->territoryView()->image().isNull());
    const moe::TerritoryGrid& grid = w->territoryView()->territory();
    const QImage& image = w->territoryView()->image();
    QCOMPARE(image.width(), grid.spec.width);
    QCOMPARE(image.height(), grid.spec.height);
    // Per expert, its most confident cell must show the expert's hue (blending toward white
    // keeps the hue).
    QHash<int, std::size_t> best;
    for (std::size_t i = 0; i < grid.expert.size(); ++i) {
        const int e = grid.expert[i];
        if (!best.contains(e) || grid.confidence[i] > grid.confidence[best[e]]) best[e] = i;
    }
    QSet<int> experts;
    QSet<int> matchedHues;
    for (auto it = best.cbegin(); it != best.cend(); ++it) {
        experts.insert(it.key());
        const std::size_t i = it.value();
        if (TerritoryRenderer::strength(grid.confidence[i], grid.experts) < 0.3) continue;
        const QColor pixel = image.pixelColor(static_cast<int>(i) % grid.spec.width,
                                              static_cast<int>(i) / grid.spec.width);
        if (std::abs(pixel.hsvHueF() - ExpertPalette::color(it.key()).hsvHueF()) < 0.04)
            matchedHues.insert(it.key());
    }
    QVERIFY2(experts.size() > 1, "the gate prefers a single expert everywhere");
    QVERIFY2(matchedHues.size() > 1, "the image does not show more than one expert colour");

    // Cost: non-zero numbers for all three models.
    CostTableModel* cost = w->costPanel()->model();
    for (int col = 0; col < CostTableModel::ColumnCount; ++col) {
        QVERIFY(cost->value(CostTableModel::ParamsTotal, col) > 0);
        QVERIFY(cost->value(CostTableModel::Flops, col) > 0);
        const QString shown = cost->data(cost->index(CostTableModel::Flops, col)).toString();
        QVERIFY2(shown != QStringLiteral("0") && !shown.isEmpty(), qPrintable(shown));
    }
    QVERIFY(!w->costPanel()->savingText().isEmpty());

    // A finished run can be trained again (from scratch) or reset, not paused or stepped.
    QVERIFY(w->trainingPanel()->trainAction()->isEnabled());
    QVERIFY(w->trainingPanel()->resetAction()->isEnabled());
    QVERIFY(!w->trainingPanel()->pauseAction()->isEnabled());
    QVERIFY(!w->trainingPanel()->stepAction()->isEnabled());
}

void TestMainWindow::stopEndsTrainingEarly() {
    auto w = makeWindow(2000, 100000);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    click(*w, w->trainingPanel()->trainAction());
    QVERIFY(c->state() == TrainingState::Running);
    QVERIFY(!w->trainingPanel()->trainAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(c->epochsCompleted() >= 1, 30000);

    QElapsedTimer clock;
    qint64 ms = -1;
    connect(c, &TrainingController::runEnded, this, [&] { ms = clock.elapsed(); });
    QVERIFY(w->trainingPanel()->stateText().contains(QStringLiteral("epoch")));
    clock.start();
    click(*w, w->trainingPanel()->stopAction());
    QTRY_COMPARE(ended.count(), 1);
    qInfo("Stop took effect after %lld ms", static_cast<long long>(ms));
    QVERIFY2(ms < 1000, "Stop should take effect at the next batch");
    QCOMPARE(ended.first().first().toBool(), false);
    QVERIFY(c->state() == TrainingState::Stopped);
    QVERIFY(c->epochsCompleted() < c->epochsPlanned());
    // Stopped: the run cannot be stepped or paused; it can be started over.
    QVERIFY(!w->trainingPanel()->stepAction()->isEnabled());
    QVERIFY(!w->trainingPanel()->stopAction()->isEnabled());
    QVERIFY(w->trainingPanel()->resetAction()->isEnabled());
    QVERIFY(w->trainingPanel()->trainAction()->isEnabled());
}

void TestMainWindow::pauseThenResume() {
    auto w = makeWindow(600, 100000);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    click(*w, w->trainingPanel()->trainAction());
    QTRY_VERIFY_WITH_TIMEOUT(c->epochsCompleted() >= 1, 30000);
    QVERIFY(!w->modelPanel()->isEnabled());  // a running experiment's settings are fixed
    click(*w, w->trainingPanel()->pauseAction());
    QTRY_VERIFY(c->state() == TrainingState::Paused);
    QVERIFY(w->modelPanel()->isEnabled());
    const int paused = c->epochsCompleted();
    QCOMPARE(w->trainingPanel()->trainAction()->text(), QStringLiteral("Resume"));

    click(*w, w->trainingPanel()->trainAction());  // resumes the same run
    QTRY_VERIFY_WITH_TIMEOUT(c->epochsCompleted() > paused, 30000);
    QCOMPARE(c->history().first().epoch, 0);
    for (qsizetype i = 1; i < c->history().size(); ++i)
        QCOMPARE(c->history()[i].epoch, c->history()[i - 1].epoch + 1);  // no epoch lost or repeated
    click(*w, w->trainingPanel()->stopAction());
    QTRY_VERIFY(c->state() == TrainingState::Stopped);
}

void TestMainWindow::stepAdvancesExactlyOneEpoch() {
    auto w = makeWindow(300, 10);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    click(*w, w->trainingPanel()->stepAction());
    QTRY_COMPARE(ended.count(), 1);
    QVERIFY(c->state() == TrainingState::Paused);
    QCOMPARE(c->epochsCompleted(), 1);
    QCOMPARE(c->history().size(), 2);  // epoch 0 and epoch 1

    click(*w, w->trainingPanel()->stepAction());
    QTRY_COMPARE(ended.count(), 2);
    QCOMPARE(c->epochsCompleted(), 2);
    w->curvesView()->redrawNow();
    QCOMPARE(w->curvesView()->pointCount(), 3);

    click(*w, w->trainingPanel()->resetAction());
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QCOMPARE(c->epochsCompleted(), 0);
}

void TestMainWindow::invalidSettingsAreExplainedAndDisableTrain() {
    auto w = makeWindow(300, 5);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    moe::RunConfig bad = w->modelPanel()->config();
    bad.model.experts = 2;
    bad.model.topK = 3;
    w->modelPanel()->setConfig(bad);
    QVERIFY(!w->modelPanel()->isValid());
    QVERIFY(w->modelPanel()->validationMessage().contains(QStringLiteral("Top-k")));
    auto* error = w->findChild<QLabel*>(QStringLiteral("modelError"));
    QVERIFY(error);
    QVERIFY(!error->isHidden());
    QVERIFY(!w->trainingPanel()->trainAction()->isEnabled());
    QVERIFY(!w->trainingPanel()->stepAction()->isEnabled());

    bad.model.topK = 2;
    w->modelPanel()->setConfig(bad);
    QVERIFY(error->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QVERIFY(w->trainingPanel()->trainAction()->isEnabled());
}

void TestMainWindow::trainToTheEnd(MainWindow& w) {
    TrainingController* c = w.controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    click(w, w.trainingPanel()->trainAction());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QVERIFY(c->state() == TrainingState::Finished);
    QCOMPARE(c->history().size(), c->epochsPlanned() + 1);  // epoch 0 and every trained epoch
}

void TestMainWindow::checkRoutingReadout(MainWindow& w, int layers) {
    RoutingStatsModel* model = w.routingPanel()->model();
    QCOMPARE(model->rowCount(), layers);
    for (int row = 0; row < layers; ++row) {
        for (int col = 0; col < RoutingStatsModel::ColumnCount; ++col) {
            const QString shown = model->data(model->index(row, col)).toString();
            QVERIFY2(!shown.isEmpty() && shown.front().isDigit(), qPrintable(shown));
        }
        const moe::RoutingStats& stats = w.controller()->history().constLast().layers[static_cast<std::size_t>(row)];
        QCOMPARE(model->value(row, RoutingStatsModel::ExpertsPerSample), stats.expertsPerSample);
        QCOMPARE(model->value(row, RoutingStatsModel::LoadCv), stats.loadCv);
    }
}

void TestMainWindow::trainsWithEveryRouter_data() {
    QTest::addColumn<int>("router");
    for (moe::RouterKind r : moe::allRouters()) QTest::newRow(moe::routerName(r)) << static_cast<int>(r);
}

void TestMainWindow::trainsWithEveryRouter() {
    QFETCH(int, router);
    auto w = makeWindow(300, 2);
    // Choose the router as a user does, on the closed combo box: Home, then Down.
    QComboBox* box = w->modelPanel()->routerSettings()->routerBox();
    const int target = box->findData(router);
    QVERIFY(target >= 0);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < target; ++i) QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(static_cast<int>(w->modelPanel()->config().model.router), router);
    QTRY_COMPARE(static_cast<int>(w->controller()->config().model.router), router);

    trainToTheEnd(*w);
    checkRoutingReadout(*w, 1);
    const moe::RoutingStats& stats = w->controller()->history().constLast().routing;
    const auto kind = static_cast<moe::RouterKind>(router);
    if (kind == moe::RouterKind::ExpertChoice) {
        QCOMPARE(w->routingPanel()->model()->data(w->routingPanel()->model()->index(0, RoutingStatsModel::LoadCv)).toString(),
                 QStringLiteral("0.00"));
    } else if (kind == moe::RouterKind::Dense) {
        QCOMPARE(stats.expertsPerSample, 8.0);
    } else if (kind == moe::RouterKind::TopP) {
        QVERIFY(stats.expertsPerSample >= 1.0 && stats.expertsPerSample <= 8.0);
    } else if (kind == moe::RouterKind::Switch) {
        QCOMPARE(stats.expertsPerSample, 1.0);
    }
}

void TestMainWindow::badFieldsAreMarkedAndDisableTrain() {
    auto w = makeWindow(300, 2);
    TrainingController* c = w->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    ModelPanel* panel = w->modelPanel();
    auto* experts = panel->findChild<QSpinBox*>(QStringLiteral("experts"));
    auto* topK = panel->findChild<QSpinBox*>(QStringLiteral("top-k"));
    QVERIFY(experts && topK);
    experts->setValue(2);
    topK->setValue(3);
    QVERIFY(topK->property("invalid").toBool());
    QVERIFY(panel->findChild<QWidget*>(QStringLiteral("top-k-error"))->isVisible());
    QVERIFY(!w->trainingPanel()->trainAction()->isEnabled());
    QVERIFY(!w->trainingPanel()->stepAction()->isEnabled());
    topK->setValue(1);
    QTRY_VERIFY(w->trainingPanel()->trainAction()->isEnabled());

    QComboBox* box = panel->routerSettings()->routerBox();
    box->setCurrentIndex(box->findData(static_cast<int>(moe::RouterKind::TopP)));
    auto* threshold = panel->findChild<QDoubleSpinBox*>(QStringLiteral("top-p"));
    QVERIFY(threshold && threshold->isVisible());
    threshold->setValue(0.0);
    QVERIFY(threshold->property("invalid").toBool());
    QVERIFY(panel->findChild<QWidget*>(QStringLiteral("top-p-error"))->isVisible());
    QVERIFY(panel->routerSettings()->form()->error(QStringLiteral("top-p")).contains(QStringLiteral("(0, 1]")));
    QVERIFY(!w->trainingPanel()->trainAction()->isEnabled());
    threshold->setValue(0.6);
    QVERIFY(!threshold->property("invalid").toBool());
    QTRY_VERIFY(w->trainingPanel()->trainAction()->isEnabled());
}

void TestMainWindow::blockModeWithTwoLayersTrains() {
    auto w = makeWindow(300, 2);
    ModelPanel* panel = w->modelPanel();
    panel->showSection(ModelPanel::ShapeSection);
    auto* mode = panel->findChild<QComboBox*>(QStringLiteral("mode"));
    auto* layers = panel->findChild<QSpinBox*>(QStringLiteral("layers"));
    QVERIFY(mode && layers);
    QVERIFY(!layers->isVisible());  // a mixture has one MoE layer
    mode->setCurrentIndex(mode->findData(static_cast<int>(moe::MoeMode::Block)));
    QVERIFY(layers->isVisible());
    layers->setValue(2);
    QTRY_COMPARE(w->controller()->config().model.layers, 2);
    QCOMPARE(w->controller()->config().model.mode, moe::MoeMode::Block);

    trainToTheEnd(*w);
    QCOMPARE(w->controller()->history().constLast().layers.size(), std::size_t{2});
    checkRoutingReadout(*w, 2);
    QCOMPARE(w->routingPanel()->model()->headerData(1, Qt::Vertical).toString(), QStringLiteral("Block 2"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
