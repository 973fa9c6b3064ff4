// Tests ui/window/session_controller.* with the whole window, offscreen: a trained session saved
// and opened in a fresh window shows the same numbers in every view (history table,
// curves, utilization heatmaps, gate matrix, cost and latency tables, territory); a bad
// file leaves the open window exactly as it was; autosave writes the recovery file and
// recovery restores it; an unwritable destination is reported and leaves nothing.
#include "tests/support/worker_waits.h"
#include "core/io/session_file.h"
#include "ui/cost/cost_dashboard.h"
#include "ui/cost/cost_table_model.h"
#include "ui/training/curves_view.h"
#include "ui/data/data_panel.h"
#include "ui/routing/gate_matrix_panel.h"
#include "ui/charts/heatmap_view.h"
#include "ui/cost/latency_table_model.h"
#include "ui/window/main_window.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_view.h"
#include "ui/window/recovery_files.h"
#include "ui/window/session_controller.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/training/training_worker.h"
#include "ui/routing/utilization_panel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cstring>
#include <memory>

using namespace moe::ui;

namespace {

template <class T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

/// Every cell's text (and header) of a table model, for comparing what two views show.
QStringList cells(const QAbstractItemModel& m) {
    QStringList out;
    for (int c = 0; c < m.columnCount(); ++c) out << m.headerData(c, Qt::Horizontal).toString();
    for (int r = 0; r < m.rowCount(); ++r)
        for (int c = 0; c < m.columnCount(); ++c) out << m.index(r, c).data().toString();
    return out;
}

QList<QPointF> pointsOf(const QXYSeries* s) { return s->points(); }

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

}  // namespace

class TestSessionController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void savedSessionReopensWithTheSameNumbers();
    void reopenedRunHasEndedAndTrainStartsANewOne();
    void openedRightAtStartKeepsTheSavedTally();
    void badFileLeavesTheWindowUnchanged_data();
    void badFileLeavesTheWindowUnchanged();
    void unwritableDestinationIsReported();
    void autosaveWritesRecoveryAndRecoveryRestoresIt();
    void windowsKeepApartRecoveryFiles();
    void autosaveWhileTrainingSavesTheRunSoFar();
    void sessionActionsAreOffWhileTraining();

private:
    static std::unique_ptr<MainWindow> makeWindow();
    static void train(MainWindow& w, int runs = 1);
    static void waitForViews(MainWindow& w);
};

void TestSessionController::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // recovery files go to a test location
    for (const QString& orphan : RecoveryFiles::orphans(RecoveryFiles::directory())) RecoveryFiles::removeOrphan(orphan);
}

std::unique_ptr<MainWindow> TestSessionController::makeWindow() {
    auto w = std::make_unique<MainWindow>();
    w->resize(1280, 800);
    w->show();
    // Ready, and the first build all in (latency comes last); a test checks the state after.
    if (!QTest::qWaitFor([&] { return w->controller()->state() == TrainingState::Ready && w->controller()->hasLatency(); },
                         30000))
        qWarning("the window's first build did not finish in 30 s");
    return w;
}

void TestSessionController::train(MainWindow& w, int runs) {
    TrainingController* c = w.controller();
    QVERIFY(w.selectDataset(QStringLiteral("moons")));
    w.dataPanel()->setSamples(240);
    w.setEpochs(4);
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready || c->state() == TrainingState::Finished, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    for (int r = 1; r <= runs; ++r) {
        // After a finished run, Train rebuilds first: one latency for the build, one at the end.
        const int latencies = c->state() == TrainingState::Ready ? 1 : 2;
        QSignalSpy latency(c, &TrainingController::latencyChanged);
        c->train();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), r, 60000);
        // Latency is measured last, after the territory and the sweep: then the run is all in.
        QTRY_VERIFY(latency.count() >= latencies);
    }
    waitForViews(w);
}

void TestSessionController::waitForViews(MainWindow& w) {
    TrainingController* c = w.controller();
    // The worker sends the territory, gate matrices and sweep after the run's end.
    QTRY_VERIFY(!c->territory().expert.empty() &&
                std::max(c->territory().spec.width, c->territory().spec.height) == TrainingWorker::kTerritoryCells);
    QTRY_VERIFY(!c->gateMatrices().empty() && !c->topKSweep().empty() && c->inspector());
}

void TestSessionController::savedSessionReopensWithTheSameNumbers() {
    auto a = makeWindow();
    train(*a, 2);
    if (QTest::currentTestFailed()) return;
    QTRY_VERIFY(a->controller()->hasLatency());
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("moons.moe-session"));
    QVERIFY(a->isWindowModified());
    QCOMPARE(a->sessions()->saveTo(path), QString());
    QVERIFY(!a->isWindowModified());
    QVERIFY(a->windowTitle().startsWith(QStringLiteral("moons.moe-session[*]")));

    auto b = makeWindow();
    QCOMPARE(b->sessions()->openFile(path), QString());
    waitForViews(*b);
    if (QTest::currentTestFailed()) return;
    QVERIFY(!b->isWindowModified());
    QCOMPARE(b->sessions()->filePath(), QFileInfo(path).absoluteFilePath());
    TrainingController *ca = a->controller(), *cb = b->controller();

    // Data and settings.
    QCOMPARE(cb->data().name, ca->data().name);
    QVERIFY(sameBits(cb->data().features, ca->data().features));
    QCOMPARE(QString::fromStdString(b->dataPanel()->params().name), QStringLiteral("moons"));
    QCOMPARE(b->dataPanel()->params().samples, 240);
    QCOMPARE(cb->config().train.epochs, 4);

    // History table: every cell.
    QCOMPARE(cells(*b->runHistory()->model()), cells(*a->runHistory()->model()));
    QCOMPARE(b->runHistory()->model()->rowCount(), 2);
    QCOMPARE(b->runHistory()->comparedIds(), a->runHistory()->comparedIds());
    b->runHistory()->redrawNow();
    a->runHistory()->redrawNow();
    for (int i = 0; i < 2; ++i)
        QCOMPARE(pointsOf(b->runHistory()->overlaySeries()[i]), pointsOf(a->runHistory()->overlaySeries()[i]));

    // Curves.
    a->curvesView()->redrawNow();
    b->curvesView()->redrawNow();
    QCOMPARE(b->curvesView()->pointCount(), a->curvesView()->pointCount());
    const QList<QXYSeries*> sa = a->curvesView()->series(), sb = b->curvesView()->series();
    QCOMPARE(sb.size(), sa.size());
    for (int i = 0; i < sa.size(); ++i) QCOMPARE(pointsOf(sb[i]), pointsOf(sa[i]));

    // Utilization: the heatmaps' values and the balance curves.
    auto* ua = a->findChild<UtilizationPanel*>();
    auto* ub = b->findChild<UtilizationPanel*>();
    QVERIFY(ua && ub);
    ua->redrawNow();
    ub->redrawNow();
    QVERIFY(!ua->loadMap()->data().values.empty());
    QVERIFY(sameBits(ub->loadMap()->data().values, ua->loadMap()->data().values));
    QVERIFY(sameBits(ub->classMap()->data().values, ua->classMap()->data().values));
    QCOMPARE(pointsOf(ub->loadCvSeries()), pointsOf(ua->loadCvSeries()));
    QCOMPARE(pointsOf(ub->entropySeries()), pointsOf(ua->entropySeries()));

    // Gate matrix: the test samples' gate probabilities, as computed from the saved weights.
    auto* ga = a->findChild<GateMatrixPanel*>();
    auto* gb = b->findChild<GateMatrixPanel*>();
    QVERIFY(ga && gb);
    ga->redrawNow();
    gb->redrawNow();
    QVERIFY(!ga->matrix().probs.empty());
    QVERIFY(sameBits(gb->matrix().probs, ga->matrix().probs));
    QVERIFY(sameBits(gb->view()->data().values, ga->view()->data().values));

    // Cost: counted FLOPs and parameters, measured latency, the saved-compute tally, Pareto.
    a->costDashboard()->redrawNow();
    b->costDashboard()->redrawNow();
    QCOMPARE(cells(*b->costDashboard()->costModel()), cells(*a->costDashboard()->costModel()));
    QCOMPARE(cells(*b->costDashboard()->latencyModel()), cells(*a->costDashboard()->latencyModel()));
    QCOMPARE(b->costDashboard()->summaryText(), a->costDashboard()->summaryText());
    QCOMPARE(b->costDashboard()->savingsText(), a->costDashboard()->savingsText());
    QCOMPARE(cb->topKSweep().size(), ca->topKSweep().size());
    for (std::size_t i = 0; i < ca->topKSweep().size(); ++i) {
        const double x = ca->topKSweep()[i].metrics.testAccuracy, y = cb->topKSweep()[i].metrics.testAccuracy;
        QVERIFY(std::memcmp(&x, &y, sizeof x) == 0);
    }

    // Territory: every cell's expert, confidence and predicted class.
    const moe::TerritoryGrid &ta = a->territoryView()->territory(), &tb = b->territoryView()->territory();
    QVERIFY(!ta.expert.empty());
    QVERIFY(sameBits(tb.expert, ta.expert));
    QVERIFY(sameBits(tb.confidence, ta.confidence));
    QVERIFY(sameBits(tb.predictedClass, ta.predictedClass));
    QCOMPARE(b->territoryView()->image(), a->territoryView()->image());
}

void TestSessionController::reopenedRunHasEndedAndTrainStartsANewOne() {
    auto a = makeWindow();
    train(*a, 1);
    if (QTest::currentTestFailed()) return;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("one.moe-session"));
    QCOMPARE(a->sessions()->saveTo(path), QString());
    auto b = makeWindow();
    QCOMPARE(b->sessions()->openFile(path), QString());
    TrainingController* c = b->controller();
    QVERIFY(c->state() == TrainingState::Finished);
    QVERIFY(!c->canStep());
    QVERIFY(c->canTrain());
    QVERIFY(b->trainingPanel()->trainAction()->isEnabled());
    QVERIFY(!b->trainingPanel()->stepAction()->isEnabled());
    QSignalSpy ended(c, &TrainingController::runEnded);
    c->train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(c->epochsCompleted(), 4);
    // The new run joins the reopened history with the next id, and the session is modified.
    QCOMPARE(b->runHistory()->model()->rowCount(), 2);
    QCOMPARE(b->runHistory()->model()->runs().back().id, 2);
    QVERIFY(b->isWindowModified());
    // Retraining with the same seed reproduces the saved run bit for bit.
    const double saved = a->controller()->history().constLast().moe.testLoss;
    const double again = c->history().constLast().moe.testLoss;
    QVERIFY(std::memcmp(&saved, &again, sizeof saved) == 0);
}

void TestSessionController::openedRightAtStartKeepsTheSavedTally() {
    // As `moe-explorer --session-file` does: open while the window's first build is still on
    // its way; what that build predicts must not be added to the session's saved tally.
    auto a = makeWindow();
    train(*a, 1);
    if (QTest::currentTestFailed()) return;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("tally.moe-session"));
    QCOMPARE(a->sessions()->saveTo(path), QString());
    MainWindow b;
    b.resize(1280, 800);
    QCOMPARE(b.sessions()->openFile(path), QString());
    b.show();
    waitForViews(b);
    QTest::qWait(300);  // anything still queued from the first build has arrived
    // The tally as it was saved (the window that saved it may count on since).
    const moe::SavingsTally saved = moe::loadSession(QFile::encodeName(path).toStdString()).value().savings;
    QVERIFY(saved.samples > 0);
    QCOMPARE(b.controller()->savings().samples, saved.samples);
    QCOMPARE(b.controller()->savings().moeFlops, saved.moeFlops);
    // Later predictions count again: a pinned inspection is one.
    b.controller()->addPredictions(1);
    QCOMPARE(b.controller()->savings().samples, saved.samples + 1);
}

void TestSessionController::badFileLeavesTheWindowUnchanged_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << "truncate" << "not valid JSON";
    QTest::newRow("not JSON") << "text" << "not valid JSON";
    QTest::newRow("other version") << "version" << "version: this program reads session files of version 1";
    QTest::newRow("other format") << "format" << "format: not a MoE Explorer session file";
    QTest::newRow("missing file") << "missing" << "cannot open";
}

void TestSessionController::badFileLeavesTheWindowUnchanged() {
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    auto w = makeWindow();
    train(*w, 1);
    if (QTest::currentTestFailed()) return;
    QTemporaryDir dir;
    const QString good = QDir(dir.path()).filePath(QStringLiteral("good.moe-session"));
    QCOMPARE(w->sessions()->saveTo(good), QString());
    // The window moves on (another run), then a damaged file is opened over it.
    train(*w, 1);
    QCOMPARE(w->runHistory()->model()->rowCount(), 2);
    const QString bad = QDir(dir.path()).filePath(QStringLiteral("bad.moe-session"));
    QByteArray bytes = readAll(good);
    if (damage == "truncate") bytes.truncate(bytes.size() / 2);
    else if (damage == "text") bytes = "a session, honestly\n";
    else if (damage == "version") bytes.replace("\"version\": 1", "\"version\": 7");
    else if (damage == "format") bytes.replace("\"moe-explorer-session\"", "\"moe-explorer-notes\"");
    if (damage != "missing") writeAll(bad, bytes);

    const QString title = w->windowTitle();
    const bool modified = w->isWindowModified();
    const QStringList runs = cells(*w->runHistory()->model());
    const auto history = w->controller()->history();
    const std::vector<int> territory = w->controller()->territory().expert;
    const TrainingState state = w->controller()->state();
    const QString message = w->sessions()->openFile(bad);
    QVERIFY2(message.startsWith(bad + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY(!message.contains(QLatin1Char('\n')));
    QCOMPARE(w->windowTitle(), title);
    QCOMPARE(w->isWindowModified(), modified);
    QCOMPARE(cells(*w->runHistory()->model()), runs);
    QCOMPARE(w->controller()->history().size(), history.size());
    QCOMPARE(w->controller()->history().constLast().moe.testLoss, history.constLast().moe.testLoss);
    QVERIFY(w->controller()->state() == state);
    QTest::qWait(100);  // nothing queued to the worker either
    QVERIFY(w->controller()->territory().expert == territory);
    QCOMPARE(w->sessions()->filePath(), QFileInfo(good).absoluteFilePath());
}

void TestSessionController::unwritableDestinationIsReported() {
    auto w = makeWindow();
    train(*w, 1);
    if (QTest::currentTestFailed()) return;
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("no/such/folder/work.moe-session"));
    const QString title = w->windowTitle();
    const QString message = w->sessions()->saveTo(path);
    QVERIFY2(message.startsWith(path), qPrintable(message));
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    QCOMPARE(w->windowTitle(), title);
    QVERIFY(w->isWindowModified());
    QVERIFY(w->sessions()->filePath().isEmpty());
}

void TestSessionController::autosaveWritesRecoveryAndRecoveryRestoresIt() {
    QString recovery;
    moe::EpochSnapshot last;
    QStringList runs;
    {
        auto a = makeWindow();
        a->sessions()->setAutosaveEnabled(true);
        recovery = a->sessions()->recoveryPath();
        QVERIFY(!RecoveryFiles::orphans(RecoveryFiles::directory()).contains(recovery));
        QVERIFY(!a->sessions()->autosaveNow());  // nothing changed yet
        QVERIFY(!QFileInfo::exists(recovery));
        train(*a, 1);
        if (QTest::currentTestFailed()) return;
        // Written when the run ended, with its every epoch (a checkpoint written while it
        // trained may come first).
        const auto savedEpochsAndRuns = [&] {
            const moe::Result<moe::Session> s = moe::loadSession(QFile::encodeName(recovery).toStdString());
            return s.ok() ? QPair<qsizetype, qsizetype>(qsizetype(s.value().history.size()), qsizetype(s.value().runs.size()))
                          : QPair<qsizetype, qsizetype>(0, 0);
        };
        QTRY_COMPARE(savedEpochsAndRuns(), (QPair<qsizetype, qsizetype>(5, 1)));
        const moe::Result<moe::Session> saved = moe::loadSession(QFile::encodeName(recovery).toStdString());
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().c_str());
        QCOMPARE(saved.value().history.size(), std::size_t{5});
        QCOMPARE(saved.value().runs.size(), std::size_t{1});
        QVERIFY(!a->sessions()->autosaveNow());  // nothing changed since
        last = a->controller()->history().constLast();
        runs = cells(*a->runHistory()->model());
        // A crash: the window goes without a close event, the recovery file stays.
    }
    QVERIFY(QFileInfo::exists(recovery));
    // Its owner gone, the file is an orphan for the next window to offer.
    QVERIFY(RecoveryFiles::orphans(RecoveryFiles::directory()).contains(recovery));
    auto b = makeWindow();
    b->sessions()->setAutosaveEnabled(true);
    QVERIFY(b->sessions()->recoveryPath() != recovery);
    QCOMPARE(b->sessions()->restoreRecovery(recovery), QString());
    waitForViews(*b);
    QCOMPARE(b->controller()->history().constLast().moe.testLoss, last.moe.testLoss);
    QCOMPARE(cells(*b->runHistory()->model()), runs);
    QVERIFY(b->isWindowModified());  // restored work is not saved anywhere yet
    QVERIFY(b->sessions()->filePath().isEmpty());
    // The restored work goes into b's own file (at the first autosave b can make); only
    // then is the copy it came from removed.
    const QString own = b->sessions()->recoveryPath();
    QTRY_VERIFY(QFileInfo::exists(own) || b->sessions()->autosaveNow());
    QVERIFY(!QFileInfo::exists(recovery));
    // A clean quit removes the window's own recovery file.
    b->close();
    QVERIFY(!QFileInfo::exists(own));
}

void TestSessionController::windowsKeepApartRecoveryFiles() {
    // Two windows that autosave at once (two copies of the program, say) write two files,
    // and neither file is offered for recovery while its window runs.
    auto a = makeWindow();
    auto b = makeWindow();
    a->sessions()->setAutosaveEnabled(true);
    b->sessions()->setAutosaveEnabled(true);
    const QString pathA = a->sessions()->recoveryPath();
    const QString pathB = b->sessions()->recoveryPath();
    QVERIFY(pathA != pathB);
    for (MainWindow* w : {a.get(), b.get()}) {  // a change for autosave to keep
        w->setEpochs(7);
        QTRY_VERIFY_WITH_TIMEOUT(w->controller()->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
        // The window autosaves by itself when the new model's latency arrives, just after
        // Ready; before its model copy has come there is nothing to save. Either way the
        // file must appear (asking once right after Ready failed whenever the latency came first).
        const QString own = w->sessions()->recoveryPath();
        QTRY_VERIFY(QFileInfo::exists(own) || w->sessions()->autosaveNow());
    }
    QVERIFY(QFileInfo::exists(pathA) && QFileInfo::exists(pathB));
    QStringList orphans = RecoveryFiles::orphans(RecoveryFiles::directory());
    QVERIFY(!orphans.contains(pathA) && !orphans.contains(pathB));
    QVERIFY(!RecoveryFiles::removeOrphan(pathA));  // a still runs: nothing is touched
    QVERIFY(QFileInfo::exists(pathA));
    // b crashes: its file becomes an orphan; a's stays a's.
    b.reset();
    orphans = RecoveryFiles::orphans(RecoveryFiles::directory());
    QVERIFY(orphans.contains(pathB));
    QVERIFY(!orphans.contains(pathA));
    QVERIFY(RecoveryFiles::removeOrphan(pathB));
    a->close();
    QVERIFY(!QFileInfo::exists(pathA));
}

void TestSessionController::autosaveWhileTrainingSavesTheRunSoFar() {
    auto w = makeWindow();
    w->sessions()->setAutosaveEnabled(true);
    const QString recovery = w->sessions()->recoveryPath();
    w->setEpochs(100000);
    // The new build all in, latency last: its arrival autosaves the untrained build. Were it
    // still on its way when training starts, that save would come as a checkpoint mid-run
    // and the file would be there before the test asks for one (it failed so in CI).
    QTRY_VERIFY_WITH_TIMEOUT(w->controller()->state() == TrainingState::Ready && w->controller()->hasLatency(), moe::testing::kWorkerWaitMs);
    w->sessions()->autosaveNow();  // the untrained build, if not written yet
    QFile::remove(recovery);
    w->controller()->train();
    QTRY_VERIFY(w->controller()->epochsCompleted() >= 3);
    QVERIFY(!QFileInfo::exists(recovery));
    QVERIFY(!w->sessions()->autosaveNow());  // asks the training thread for a checkpoint
    QTRY_VERIFY(QFileInfo::exists(recovery));
    QCOMPARE(w->controller()->state(), TrainingState::Running);  // training went on
    w->controller()->stop();
    QTRY_VERIFY(w->controller()->state() == TrainingState::Stopped);

    // The saved model belongs to the saved history's last epoch: evaluated again at the
    // training k on the restored split, it gives that epoch's test metrics bit for bit.
    moe::Result<moe::RestoredSession> r = moe::openSession(QFile::encodeName(recovery).toStdString());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    const moe::Session& saved = r.value().session;
    QVERIFY(saved.history.size() >= 4);
    QVERIFY(saved.history.back().epoch < 100000);
    const moe::EpochSnapshot& last = saved.history.back();
    bool found = false;
    for (const moe::TopKPoint& p : r.value().experiment->topKSweep()) {
        if (p.k != saved.config.model.topK) continue;
        found = true;
        QCOMPARE(p.metrics.testLoss, last.moe.testLoss);
        QCOMPARE(p.metrics.testAccuracy, last.moe.testAccuracy);
    }
    QVERIFY(found);
    QFile::remove(recovery);
}

void TestSessionController::sessionActionsAreOffWhileTraining() {
    auto w = makeWindow();
    QVERIFY(w->sessions()->saveAction()->isEnabled());
    QCOMPARE(w->sessions()->saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(w->sessions()->saveAsAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    QCOMPARE(w->sessions()->openAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    for (QAction* a : {w->sessions()->openAction(), w->sessions()->saveAction(), w->sessions()->saveAsAction()})
        QVERIFY(!a->toolTip().isEmpty());
    w->setEpochs(2000);
    QTRY_VERIFY_WITH_TIMEOUT(w->controller()->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    w->controller()->train();
    QTRY_VERIFY(w->controller()->state() == TrainingState::Running);
    QVERIFY(!w->sessions()->saveAction()->isEnabled());
    QVERIFY(!w->sessions()->openAction()->isEnabled());
    QVERIFY(!w->sessions()->currentSession().ok());
    w->controller()->stop();
    QTRY_VERIFY(w->controller()->state() == TrainingState::Stopped);
    QVERIFY(w->sessions()->saveAction()->isEnabled());
}

QTEST_MAIN(TestSessionController)
#include "tst_session_controller.moc"
