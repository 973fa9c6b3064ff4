// Tests ui/training/curves_view: the curves show exactly the history given - when it grows epoch by
// epoch (only the new epochs are copied), when it is replaced by another run's, and when a
// long run is thinned - with the values of the right model in each series.
#include "ui/training/curves_view.h"

#include <QApplication>
#include <QChart>
#include <QLabel>
#include <QScatterSeries>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace moe::ui;

namespace {

/// Epochs 0..last of a made-up run whose numbers say which model and epoch they belong to.
QList<moe::EpochSnapshot> history(int last, double offset = 0.0) {
    QList<moe::EpochSnapshot> h;
    for (int e = 0; e <= last; ++e) {
        moe::EpochSnapshot s;
        s.epoch = e;
        s.moe.testLoss = offset + 1.0 + e;
        s.denseEqualParams.testLoss = offset + 2.0 + e;
        s.denseEqualCompute.testLoss = offset + 3.0 + e;
        s.moe.trainLoss = offset + 0.5 + e;
        s.moe.testAccuracy = 0.5 + 0.001 * e;
        h.append(s);
    }
    return h;
}

/// The MoE's test-loss series is the second one (train, test, score per model).
QXYSeries* moeTestLoss(const CurvesView& v) { return v.series().at(1); }
QXYSeries* denseParamsTestLoss(const CurvesView& v) { return v.series().at(4); }

}  // namespace

class TestCurvesView : public QObject {
    Q_OBJECT
private slots:
    void growingHistoryShowsEveryEpoch();
    void replacedHistoryStartsOver();
    void longRunIsThinnedKeepingTheLastEpoch();
    void trainLossIsVisiblyDashed();
    void validationCurveAndMarkers();
};

void TestCurvesView::growingHistoryShowsEveryEpoch() {
    CurvesView v;
    QList<moe::EpochSnapshot> h = history(0);
    v.setHistory(h, moe::Task::Classification, 10);
    for (int last = 1; last <= 10; ++last) {
        h.append(history(last).constLast());
        v.setHistory(h, moe::Task::Classification, 10);
    }
    v.redrawNow();
    QCOMPARE(v.pointCount(), 11);
    for (int e = 0; e <= 10; ++e) {
        QCOMPARE(moeTestLoss(v)->at(e), QPointF(e, 1.0 + e));
        QCOMPARE(denseParamsTestLoss(v)->at(e), QPointF(e, 2.0 + e));
    }
    QCOMPARE(v.series().at(0)->count(), 10);  // no train loss at epoch 0
}

void TestCurvesView::replacedHistoryStartsOver() {
    CurvesView v;
    v.setHistory(history(5), moe::Task::Classification, 5);
    v.redrawNow();
    // A new run of the same length but other numbers, then a shorter one.
    v.setHistory(history(5, 100.0), moe::Task::Classification, 5);
    v.redrawNow();
    QCOMPARE(moeTestLoss(v)->at(5), QPointF(5, 106.0));
    v.setHistory(history(2, 200.0), moe::Task::Classification, 5);
    v.redrawNow();
    QCOMPARE(v.pointCount(), 3);
    QCOMPARE(moeTestLoss(v)->at(2), QPointF(2, 203.0));
    // A longer history whose first epochs differ from the shown ones is not appended to.
    QList<moe::EpochSnapshot> other = history(8, 300.0);
    other.removeFirst();  // starts at epoch 1
    v.setHistory(other, moe::Task::Classification, 8);
    v.redrawNow();
    QCOMPARE(v.pointCount(), 8);
    QCOMPARE(moeTestLoss(v)->at(0), QPointF(1, 302.0));
}

void TestCurvesView::longRunIsThinnedKeepingTheLastEpoch() {
    CurvesView v;
    v.setHistory(history(5000), moe::Task::Classification, 5000);
    v.redrawNow();
    QVERIFY(v.pointCount() > 100);
    QVERIFY(v.pointCount() <= 400);
    QCOMPARE(moeTestLoss(v)->at(0), QPointF(0, 1.0));
    QCOMPARE(moeTestLoss(v)->at(static_cast<int>(v.pointCount() - 1)), QPointF(5000, 5001.0));
}

void TestCurvesView::trainLossIsVisiblyDashed() {
    // The legend's "dashed: train" entry draws a line sample about 16 px long with the
    // series' pen: a dash and its gap must fit in it twice over, or the sample looks solid
    // (Qt's default dashes, 4 + 2 pen widths with round caps, did).
    CurvesView v;
    for (qsizetype i = 0; i < v.series().size(); i += 3) {
        const QPen pen = v.series().at(i)->pen();
        const QList<qreal> dashes = pen.dashPattern();
        QVERIFY(pen.style() != Qt::SolidLine && dashes.size() >= 2);
        QCOMPARE(pen.capStyle(), Qt::FlatCap);  // round caps would fill the gaps
        QVERIFY2((dashes[0] + dashes[1]) * pen.widthF() <= 12.0, qPrintable(QString::number(pen.widthF())));
        QVERIFY(dashes[1] * pen.widthF() >= 2.5);  // a gap that shows
    }
}

void TestCurvesView::validationCurveAndMarkers() {
    CurvesView v;
    v.show();
    QList<moe::EpochSnapshot> h = history(10);
    v.setHistory(h, moe::Task::Classification, 10);
    v.redrawNow();
    // No validation split, nothing kept early, nobody diverged: no dots, no markers, no legend entries.
    QCOMPARE(v.validationSeries().at(0)->count(), 0);
    QCOMPARE(v.keptEpochMarkers()->count(), 0);
    QCOMPARE(v.divergenceMarkers()->count(), 0);
    QVERIFY(v.markerKey()->isHidden());

    // Validation loss falls to epoch 4 and rises after; the MoE keeps epoch 4, the dense
    // model of equal compute diverges in epoch 7 keeping epoch 6.
    for (moe::EpochSnapshot& s : h) {
        s.moe.validationLoss = 2.0 + std::abs(s.epoch - 4);
        s.moe.bestEpoch = std::min(s.epoch, 4);
        s.denseEqualCompute.bestEpoch = std::min(s.epoch, 6);
        s.denseEqualCompute.diverged = s.epoch >= 7;
    }
    v.setHistory(h, moe::Task::Classification, 10);
    v.redrawNow();
    QCOMPARE(v.validationSeries().at(0)->count(), 11);
    QCOMPARE(v.validationSeries().at(0)->at(4), QPointF(4, 2.0));
    QCOMPARE(v.keptEpochMarkers()->count(), 1);
    QCOMPARE(v.keptEpochMarkers()->at(0), QPointF(4, 2.0));
    QCOMPARE(v.divergenceMarkers()->count(), 1);
    QCOMPARE(v.divergenceMarkers()->at(0), QPointF(7, 3.0 + 6));  // its kept epoch's test loss
    QVERIFY(!v.markerKey()->isHidden());
    QCOMPARE(v.markerKey()->text(), QStringLiteral("dotted: validation  ·  ○ kept epoch  ·  ▲ diverged"));
    QCOMPARE(v.validationSeries().at(0)->pen().style(), Qt::CustomDashLine);
}

QTEST_MAIN(TestCurvesView)
#include "tst_curves_view.moc"
