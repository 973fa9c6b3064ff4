// The History tab driven like a person: two runs end, both enter the table with their
// records, and the overlay draws the two runs' curves - solid and dashed - with exactly
// the values of their histories; the metric box switches loss to accuracy.
#include "tests/support/worker_waits.h"
#include "core/data/generators.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_view.h"
#include "ui/training/training_controller.h"

#include <QComboBox>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace moe::ui;

namespace {

moe::Dataset blobs() {
    moe::GeneratorParams p;
    p.name = "blobs";
    p.samples = 200;
    return moe::generateDataset(p).value();
}

moe::RunConfig config(int topK, int epochs) {
    moe::RunConfig c;
    c.model.experts = 4;
    c.model.topK = topK;
    c.model.hidden = 8;
    c.train.epochs = epochs;
    return c;
}

void train(TrainingController& controller, const moe::RunConfig& c) {
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    controller.setSetup(blobs(), c);
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    controller.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
}

}  // namespace

class TestRunHistoryView : public QObject {
    Q_OBJECT
private slots:
    void comparesTwoRuns();
    void stoppedRunIsRecordedPausedIsNot();
};

void TestRunHistoryView::comparesTwoRuns() {
    TrainingController controller;
    RunHistoryView view(&controller);
    view.resize(540, 600);
    view.show();
    QSignalSpy recorded(&controller, &TrainingController::runRecorded);
    train(controller, config(2, 3));
    const QList<moe::EpochSnapshot> first = controller.history();
    train(controller, config(1, 5));
    const QList<moe::EpochSnapshot> second = controller.history();
    QCOMPARE(recorded.count(), 2);
    QCOMPARE(view.model()->rowCount(), 2);

    // The records hold the whole history of their runs.
    const moe::RunRecord* a = view.model()->runById(1);
    const moe::RunRecord* b = view.model()->runById(2);
    QVERIFY(a && b);
    QCOMPARE(a->config.model.topK, 2);
    QCOMPARE(b->config.model.topK, 1);
    QCOMPARE(a->history.size(), std::size_t(first.size()));
    QCOMPARE(b->history.size(), std::size_t(second.size()));
    QCOMPARE(a->last().moe.testAccuracy, first.constLast().moe.testAccuracy);
    QCOMPARE(b->end, moe::RunEnd::Finished);

    // A new run is compared with the one before it at once.
    QCOMPARE(view.comparedIds(), (QList<int>{1, 2}));
    view.compareRuns(1, 2);
    const QList<QLineSeries*> overlay = view.overlaySeries();
    QCOMPARE(overlay.size(), qsizetype(2));
    QCOMPARE(overlay[0]->pen().style(), Qt::SolidLine);
    QCOMPARE(overlay[1]->pen().style(), Qt::DashLine);
    QVERIFY(overlay[0]->isVisible() && overlay[1]->isVisible());
    // The legend names what tells them apart.
    QVERIFY(overlay[0]->name().contains(QStringLiteral("Run 1")));
    QVERIFY(overlay[0]->name().contains(QStringLiteral("k2")));
    QVERIFY(overlay[1]->name().contains(QStringLiteral("Run 2")));
    QVERIFY(overlay[1]->name().contains(QStringLiteral("k1")));

    auto expect = [](const QList<moe::EpochSnapshot>& h, bool loss) {
        QList<QPointF> points;
        for (const moe::EpochSnapshot& s : h) points.append({double(s.epoch), loss ? s.moe.testLoss : 100.0 * s.moe.testAccuracy});
        return points;
    };
    QCOMPARE(overlay[0]->points(), expect(first, true));
    QCOMPARE(overlay[1]->points(), expect(second, true));

    view.metricBox()->setCurrentIndex(view.metricBox()->findData(RunHistoryView::TestScore));
    view.redrawNow();
    QCOMPARE(overlay[0]->points(), expect(first, false));
    QCOMPARE(overlay[1]->points(), expect(second, false));

    // One run selected: one curve.
    view.compareRuns(2, 0);
    QCOMPARE(view.comparedIds(), (QList<int>{2}));
    QCOMPARE(overlay[0]->points(), expect(second, false));
    QVERIFY(!overlay[1]->isVisible());

    // Sorting the table (by accuracy, say) leaves the comparison by run, not by row.
    view.table()->sortByColumn(RunHistoryModel::MoeScore, Qt::DescendingOrder);
    view.compareRuns(1, 2);
    view.redrawNow();
    QCOMPARE(view.comparedIds(), (QList<int>{1, 2}));
    QCOMPARE(overlay[0]->points(), expect(first, false));
}

void TestRunHistoryView::stoppedRunIsRecordedPausedIsNot() {
    TrainingController controller;
    RunHistoryView view(&controller);
    controller.setSetup(blobs(), config(1, 100000));
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&controller, &TrainingController::runEnded);
    controller.train();
    QTRY_VERIFY(controller.epochsCompleted() >= 1);
    controller.pause();
    QTRY_COMPARE(ended.count(), 1);
    QCOMPARE(view.model()->rowCount(), 0);  // paused: the run goes on later
    controller.train();
    QTRY_VERIFY(controller.state() == TrainingState::Running);
    controller.stop();
    QTRY_COMPARE(ended.count(), 2);
    QCOMPARE(view.model()->rowCount(), 1);
    const moe::RunRecord& r = view.model()->runs().front();
    QCOMPARE(r.end, moe::RunEnd::Stopped);
    QCOMPARE(r.epochsCompleted(), controller.epochsCompleted());
    QVERIFY(view.model()->index(0, RunHistoryModel::Epochs).data().toString().contains(QStringLiteral("■")));
}

QTEST_MAIN(TestRunHistoryView)
#include "tst_run_history_view.moc"
