// Presentation: the zoom steps, the application font and every tracked chart's fonts, line
// widths and markers scaled together from their own sizes, high contrast, and the settings
// read and saved only after restore().
#include "ui/charts/chart_style.h"
#include "ui/charts/presentation.h"

#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace moe::ui;

class TestPresentation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void zoomMovesInStepsAndStaysInRange();
    void zoomScalesTheApplicationFont();
    void zoomScalesChartFontsLinesAndMarkersTogether();
    void highContrastDarkensAndThickens();
    void settingsAreReadAndSavedOnlyAfterRestore();

private:
    double m_basePt = 0;
};

void TestPresentation::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_basePt = QApplication::font().pointSizeF();
    QVERIFY(m_basePt > 0);
}

void TestPresentation::init() {
    Presentation::instance()->resetZoom();
    Presentation::instance()->setHighContrast(false);
}

void TestPresentation::zoomMovesInStepsAndStaysInRange() {
    Presentation* p = Presentation::instance();
    QCOMPARE(p->zoom(), 1.0);
    p->zoomIn();
    QCOMPARE(p->zoom(), 1.1);
    p->zoomOut();
    p->zoomOut();
    QCOMPARE(p->zoom(), 0.9);
    for (int i = 0; i < 20; ++i) p->zoomIn();
    QCOMPARE(p->zoom(), 2.0);
    for (int i = 0; i < 20; ++i) p->zoomOut();
    QCOMPARE(p->zoom(), 0.8);
    p->setZoom(1.3);
    QCOMPARE(p->zoom(), 1.25);
    p->setZoom(std::nan(""));
    QCOMPARE(p->zoom(), 1.0);
}

void TestPresentation::zoomScalesTheApplicationFont() {
    Presentation::instance()->setZoom(1.5);
    QCOMPARE(QApplication::font().pointSizeF(), m_basePt * 1.5);
    Presentation::instance()->resetZoom();
    QCOMPARE(QApplication::font().pointSizeF(), m_basePt);
}

void TestPresentation::zoomScalesChartFontsLinesAndMarkersTogether() {
    std::unique_ptr<QChart> chart(ChartStyle::chart());
    QValueAxis* y = ChartStyle::valueAxis(QStringLiteral("Loss"));
    chart->addAxis(y, Qt::AlignLeft);
    auto* line = new QLineSeries;
    line->setPen(QPen(Qt::black, 2.0));
    auto* dots = new QScatterSeries;
    dots->setMarkerSize(10.0);
    chart->addSeries(line);
    chart->addSeries(dots);
    const double labels = y->labelsFont().pointSizeF();
    const double title = y->titleFont().pointSizeF();
    const double legend = chart->legend()->font().pointSizeF();
    QTest::qWait(0);  // tracked charts are first styled once their creator has returned
    QCOMPARE(line->pen().widthF(), 2.0);

    Presentation::instance()->setZoom(1.5);
    QCOMPARE(y->labelsFont().pointSizeF(), labels * 1.5);
    QCOMPARE(y->titleFont().pointSizeF(), title * 1.5);
    QCOMPARE(chart->legend()->font().pointSizeF(), legend * 1.5);
    QCOMPARE(line->pen().widthF(), 3.0);
    QCOMPARE(dots->markerSize(), 15.0);
    // From the chart's own sizes each time, so zooming in and out comes back exactly.
    Presentation::instance()->setZoom(2.0);
    Presentation::instance()->resetZoom();
    QCOMPARE(y->labelsFont().pointSizeF(), labels);
    QCOMPARE(line->pen().widthF(), 2.0);
    QCOMPARE(dots->markerSize(), 10.0);
}

void TestPresentation::highContrastDarkensAndThickens() {
    std::unique_ptr<QChart> chart(ChartStyle::chart());
    QValueAxis* y = ChartStyle::valueAxis(QStringLiteral("Loss"));
    chart->addAxis(y, Qt::AlignLeft);
    auto* line = new QLineSeries;
    line->setPen(QPen(Qt::black, 2.0));
    chart->addSeries(line);
    const QColor grid = y->gridLineColor();
    QTest::qWait(0);
    Presentation::instance()->setHighContrast(true);
    QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
    QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
    QVERIFY(y->gridLineColor().lightness() < grid.lightness());
    QCOMPARE(line->pen().widthF(), 3.0);
    Presentation::instance()->setHighContrast(false);
    QCOMPARE(y->gridLineColor(), grid);
    QCOMPARE(line->pen().widthF(), 2.0);
}

void TestPresentation::settingsAreReadAndSavedOnlyAfterRestore() {
    QSettings().clear();
    Presentation::instance()->setZoom(1.75);  // not persistent yet: a screenshot run, say
    QVERIFY(!QSettings().contains(QStringLiteral("view/zoom")));
    Presentation::instance()->resetZoom();

    QSettings().setValue(QStringLiteral("view/zoom"), 1.25);
    QSettings().setValue(QStringLiteral("view/highContrast"), true);
    Presentation::instance()->restore();
    QCOMPARE(Presentation::instance()->zoom(), 1.25);
    QVERIFY(Presentation::instance()->highContrast());
    Presentation::instance()->zoomIn();
    Presentation::instance()->setHighContrast(false);
    QCOMPARE(QSettings().value(QStringLiteral("view/zoom")).toDouble(), 1.5);
    QCOMPARE(QSettings().value(QStringLiteral("view/highContrast")).toBool(), false);
}

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
