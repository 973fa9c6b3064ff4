// Tests the Pareto view's "k=" labels (ui/cost/pareto_view.*): on sweeps shaped like the ones
// spirals, blobs and digits give, every label is shown, and none touches another label, a
// marker (MoE points, the trained ring, the dense baselines) or the line joining the points;
// and no series wears an expert's colour.
#include "ui/charts/expert_palette.h"
#include "ui/cost/pareto_view.h"

#include <QChart>
#include <QChartView>
#include <QScatterSeries>
#include <QValueAxis>

#include <QLineF>
#include <QTest>

#include <vector>

using namespace moe::ui;

namespace {

struct Sweep {
    std::vector<double> flops;     // per k
    std::vector<double> accuracy;  // per k, in [0, 1]
    double denseParamsFlops, denseParamsAccuracy;
    double denseComputeFlops, denseComputeAccuracy;
};

// A rectangle of half-size r around c.
QRectF around(QPointF c, double r) { return QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r); }

bool touches(const QLineF& segment, const QRectF& r) {
    if (r.contains(segment.p1()) || r.contains(segment.p2())) return true;
    for (const QLineF& e : {QLineF(r.topLeft(), r.topRight()), QLineF(r.topRight(), r.bottomRight()),
                            QLineF(r.bottomRight(), r.bottomLeft()), QLineF(r.bottomLeft(), r.topLeft())})
        if (segment.intersects(e, nullptr) == QLineF::BoundedIntersection) return true;
    return false;
}

}  // namespace

Q_DECLARE_METATYPE(Sweep)

class TestParetoView : public QObject {
    Q_OBJECT
private slots:
    void labelsKeepClear_data();
    void labelsKeepClear();
    void usesNoExpertColour();
    void regressionKeepsItsLowestPointInside();
    void accuracyTitleFitsTheAxis();
};

void TestParetoView::labelsKeepClear_data() {
    QTest::addColumn<Sweep>("sweep");
    // The sweeps the three screenshot datasets gave (8 experts, trained with k = 2).
    QTest::newRow("spirals: a peak, then a fall") << Sweep{
        {288, 552, 816, 1080, 1344, 1608, 1872, 2136},
        {0.942, 0.983, 0.967, 0.875, 0.85, 0.842, 0.85, 0.85}, 2048, 0.983, 512, 1.0};
    QTest::newRow("blobs: flat at 100%, a baseline on the line") << Sweep{
        {424, 816, 1208, 1600, 1992, 2384, 2776, 3168},
        {1, 1, 1, 1, 1, 1, 1, 1}, 3072, 1.0, 768, 1.0};
    QTest::newRow("digits: a rise, then flat") << Sweep{
        {5800, 10536, 15272, 20008, 24744, 29480, 34216, 38952},
        {0.939, 0.953, 0.956, 0.964, 0.964, 0.964, 0.964, 0.964}, 37888, 0.989, 9472, 0.981};
}

void TestParetoView::labelsKeepClear() {
    QFETCH(Sweep, sweep);
    std::vector<moe::TopKPoint> points;
    for (std::size_t i = 0; i < sweep.flops.size(); ++i) {
        moe::TopKPoint p;
        p.k = static_cast<int>(i) + 1;
        p.metrics.testAccuracy = sweep.accuracy[i];
        p.cost.flopsPerSample = sweep.flops[i];
        points.push_back(p);
    }
    moe::CostReport cost;
    cost.moe = points[1].cost;
    cost.denseEqualParams.flopsPerSample = sweep.denseParamsFlops;
    cost.denseEqualCompute.flopsPerSample = sweep.denseComputeFlops;
    moe::EpochSnapshot last;
    last.moe = points[1].metrics;
    last.denseEqualParams.testAccuracy = sweep.denseParamsAccuracy;
    last.denseEqualCompute.testAccuracy = sweep.denseComputeAccuracy;

    ParetoView view;
    view.resize(500, 210);  // its size in the Cost tab at 1280 x 800
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData(points, cost, last, moe::Task::Classification, 2, moe::RouterKind::SoftmaxTopK);
    view.redrawNow();
    QCoreApplication::processEvents();

    const QList<QRectF> labels = view.kLabelRects();
    QCOMPARE(labels.size(), qsizetype(points.size()));
    // Markers at their drawn sizes: dots 8 px, the trained ring 15 px (2 px pen), dense
    // square 11 px, triangle 13 px.
    QList<QRectF> markers;
    QList<QLineF> line;
    const QList<QPointF> moe = view.moePoints();
    for (qsizetype i = 0; i < moe.size(); ++i) {
        markers.append(around(view.chartPosition(moe[i]), i == 1 ? 8.5 : 4.0));
        if (i > 0) line.append(QLineF(view.chartPosition(moe[i - 1]), view.chartPosition(moe[i])));
    }
    markers.append(around(view.chartPosition(view.denseParamsPoint()), 5.5));
    markers.append(around(view.chartPosition(view.denseComputePoint()), 6.5));
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString name = QStringLiteral("k=%1").arg(i + 1);
        for (qsizetype j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels[i].intersects(labels[j]), qPrintable(name + QStringLiteral(" overlaps another label")));
        for (const QRectF& m : markers)
            QVERIFY2(!labels[i].intersects(m), qPrintable(name + QStringLiteral(" touches a marker")));
        for (const QLineF& segment : line)
            QVERIFY2(!touches(segment, labels[i]), qPrintable(name + QStringLiteral(" touches the line")));
    }
}

void TestParetoView::usesNoExpertColour() {
    // Each expert has one colour everywhere; the chart's models and its selected k use
    // none of them (its highlight was expert 4's vermillion).
    ParetoView view;
    const QChartView* chartView = view.findChild<QChartView*>();
    QVERIFY(chartView);
    const QList<QAbstractSeries*> series = chartView->chart()->series();
    QVERIFY(series.size() >= 5);
    for (const QAbstractSeries* s : series) {
        const auto* xy = qobject_cast<const QXYSeries*>(s);
        QVERIFY(xy);
        for (int e = 0; e < 16; ++e) {
            QVERIFY2(xy->color().rgb() != ExpertPalette::color(e).rgb(), qPrintable(xy->name()));
            if (const auto* dots = qobject_cast<const QScatterSeries*>(xy))
                QVERIFY2(dots->borderColor().rgb() != ExpertPalette::color(e).rgb(), qPrintable(xy->name()));
        }
    }
}

void TestParetoView::regressionKeepsItsLowestPointInside() {
    // Diabetes gave an R² of -0.292 at the trained k: the axis started at -0.3, the ring sat
    // on the chart's edge and its label fell onto the axis labels.
    std::vector<moe::TopKPoint> points;
    const std::vector<double> r2{0.05, -0.292, -0.17, -0.11, -0.09, -0.06, -0.02, -0.03};
    for (std::size_t i = 0; i < r2.size(); ++i) {
        moe::TopKPoint p;
        p.k = static_cast<int>(i) + 1;
        p.metrics.testR2 = r2[i];
        p.cost.flopsPerSample = 800.0 * static_cast<double>(i + 1);
        points.push_back(p);
    }
    moe::CostReport cost;
    cost.moe = points[1].cost;
    cost.denseEqualParams.flopsPerSample = 5632;
    cost.denseEqualCompute.flopsPerSample = 1408;
    moe::EpochSnapshot last;
    last.moe = points[1].metrics;
    last.denseEqualParams.testR2 = 0.08;
    last.denseEqualCompute.testR2 = 0.11;
    ParetoView view;
    view.resize(500, 210);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData(points, cost, last, moe::Task::Regression, 2, moe::RouterKind::SoftmaxTopK);
    view.redrawNow();
    QCoreApplication::processEvents();
    const QRectF plot = view.findChild<QChartView*>()->chart()->plotArea();
    const QPointF lowest = view.chartPosition(view.moePoints().at(1));
    QVERIFY(lowest.y() + 8.5 <= plot.bottom());  // the trained ring whole inside
    for (const QRectF& label : view.kLabelRects()) QVERIFY(plot.contains(label));
}

// The vertical title runs along the plot: in a short chart (1280x800 with the Lessons panel
// open) "Test accuracy (%)" was cut to "Test accurac…"; it becomes "Accuracy (%)" there and
// is whole again in a tall one.
void TestParetoView::accuracyTitleFitsTheAxis() {
    ParetoView view;
    view.resize(500, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QChart* chart = view.findChild<QChartView*>()->chart();
    auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0));
    QVERIFY(y);
    QTRY_VERIFY(chart->plotArea().height() > 0);
    const auto fits = [&] {
        return QFontMetrics(y->titleFont()).horizontalAdvance(y->titleText()) + 8 <= chart->plotArea().height();
    };
    QTRY_VERIFY2(fits(), qPrintable(y->titleText()));
    view.resize(500, 600);
    QTRY_COMPARE(y->titleText(), QStringLiteral("Test accuracy (%)"));
    QVERIFY(fits());
}

QTEST_MAIN(TestParetoView)
#include "tst_pareto_view.moc"
