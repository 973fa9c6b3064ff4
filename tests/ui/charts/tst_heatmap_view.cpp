// Tests ui/charts/heatmap_view.*, ui/charts/heatmap_data.* and ui/charts/sequential_color_map.*: the cell under a
// point and its tooltip against the data, the painted colour of each cell, the colour
// scale at the ends of fixed and automatic ranges, hover, clicks, and that paintTo() draws
// the same picture as the widget.
#include "ui/charts/heatmap_view.h"
#include "ui/charts/sequential_color_map.h"

#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include <cmath>

using namespace moe::ui;

namespace {

HeatmapData makeData(int rows, int cols) {
    HeatmapData d;
    d.rows = rows;
    d.cols = cols;
    d.values.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            d.values[static_cast<std::size_t>(r * cols + c)] = std::sin(0.7 * r + 0.3 * c) * 0.5 + 0.5;
    for (int r = 0; r < rows; ++r) d.rowLabels << QStringLiteral("Row %1").arg(r + 1);
    for (int c = 0; c < cols; ++c) d.colLabels << QStringLiteral("C%1").arg(c);
    d.title = QStringLiteral("Test map");
    d.rowTitle = QStringLiteral("Expert");
    d.colTitle = QStringLiteral("Epoch");
    d.valueTitle = QStringLiteral("Load");
    d.cellValues = false;  // pixels at cell centres must show the cell's colour
    return d;
}

int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

}  // namespace

class TestHeatmapView : public QObject {
    Q_OBJECT
private slots:
    void cellUnderPointMatchesData_data();
    void cellUnderPointMatchesData();
    void colourScaleEnds();
    void rangeFollowsDataOrIsFixed();
    void toolTipEventShowsTheCell();
    void hoverAndClick();
    void paintToDrawsTheWidgetPicture();
    void malformedDataShowsEmpty();
    void groupsAndFormatting();
};

void TestHeatmapView::cellUnderPointMatchesData_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("small 3x4") << 3 << 4;
    QTest::newRow("experts x epochs 8x200") << 8 << 200;
    QTest::newRow("samples x experts 300x8") << 300 << 8;
    QTest::newRow("drawn as an image 250x200") << 250 << 200;
}

void TestHeatmapView::cellUnderPointMatchesData() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    HeatmapView view;
    view.resize(900, 700);
    const HeatmapData d = makeData(rows, cols);
    view.setData(d);
    const QImage picture = view.grab().toImage();
    const qreal dpr = picture.devicePixelRatio();
    for (int r : {0, rows / 2, rows - 1})
        for (int c : {0, cols / 3, cols - 1}) {
            const QRectF cell = view.cellRect(r, c);
            QVERIFY(!cell.isEmpty());
            QCOMPARE(view.cellAt(cell.center()), QPoint(c, r));
            const QString tip = view.toolTipText(r, c);
            QVERIFY2(tip.contains(QString::number(d.value(r, c), 'g', 6)), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("Expert: Row %1").arg(r + 1)), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("Epoch: C%1").arg(c)), qPrintable(tip));
            QVERIFY(tip.contains(QStringLiteral("Load: ")));
            // What is painted there is the value's colour (cells at least ~2 px apart).
            if (cell.width() >= 2.0 && cell.height() >= 2.0) {
                const QColor painted = picture.pixelColor((cell.center() * dpr).toPoint());
                QVERIFY2(colourDistance(painted, view.colorFor(d.value(r, c))) <= 6,
                         qPrintable(QStringLiteral("cell %1,%2: %3 vs %4").arg(r).arg(c)
                                        .arg(painted.name(), view.colorFor(d.value(r, c)).name())));
            }
        }
    QCOMPARE(view.cellAt(QPointF(1, 1)), QPoint(-1, -1));  // the title corner is no cell
    QVERIFY(view.toolTipText(rows, 0).isEmpty());
}

void TestHeatmapView::colourScaleEnds() {
    // The viridis ends: dark violet at the bottom, yellow at the top; clamped beyond them.
    QCOMPARE(SequentialColorMap::color(0.0), QColor(0x44, 0x01, 0x54));
    QCOMPARE(SequentialColorMap::color(1.0), QColor(0xFD, 0xE7, 0x25));
    QCOMPARE(SequentialColorMap::color(-3.0), SequentialColorMap::color(0.0));
    QCOMPARE(SequentialColorMap::color(7.0), SequentialColorMap::color(1.0));
    QCOMPARE(SequentialColorMap::color(std::nan("")), SequentialColorMap::color(0.0));
    // Luminance rises along the scale, so it reads in greyscale too.
    auto luminance = [](QColor c) { return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF(); };
    for (int i = 0; i < 20; ++i)
        QVERIFY(luminance(SequentialColorMap::color(i / 20.0)) < luminance(SequentialColorMap::color((i + 1) / 20.0)));
    QCOMPARE(SequentialColorMap::textColor(0.0), QColor(Qt::white));
    QCOMPARE(SequentialColorMap::textColor(1.0), QColor(Qt::black));

    HeatmapView view;
    HeatmapData d = makeData(2, 2);
    d.values = {0.2, 0.4, 0.6, 0.8};
    d.low = 0.0;
    d.high = 1.0;
    view.setData(d);
    QCOMPARE(view.colorFor(0.0), SequentialColorMap::color(0.0));
    QCOMPARE(view.colorFor(1.0), SequentialColorMap::color(1.0));
    QCOMPARE(view.colorFor(1.5), SequentialColorMap::color(1.0));
    QCOMPARE(view.colorFor(0.5), SequentialColorMap::color(0.5));
    QCOMPARE(view.colorFor(std::nan("")), SequentialColorMap::missing());
}

void TestHeatmapView::rangeFollowsDataOrIsFixed() {
    HeatmapData d = makeData(2, 2);
    d.values = {0.2, 0.4, std::nan(""), 0.8};
    QCOMPARE(d.range(), std::make_pair(0.2, 0.8));  // NaN ignored
    d.low = 0.0;
    QCOMPARE(d.range(), std::make_pair(0.0, 0.8));
    HeatmapView view;
    view.setData(d);
    QCOMPARE(view.colorFor(0.8), SequentialColorMap::color(1.0));
    QCOMPARE(view.colorFor(0.0), SequentialColorMap::color(0.0));
    d.values = {0.25, 0.25, 0.25, 0.25};  // flat: the fixed low end stays, the range widens
    QCOMPARE(d.range(), std::make_pair(0.0, 0.25));
    d.low.reset();
    const auto flat = d.range();
    QVERIFY(flat.first < 0.25 && flat.second > 0.25);
}

void TestHeatmapView::toolTipEventShowsTheCell() {
    HeatmapView view;
    view.resize(500, 400);
    view.setData(makeData(4, 5));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QPoint at = view.cellRect(2, 3).center().toPoint();
    QHelpEvent help(QEvent::ToolTip, at, view.mapToGlobal(at));
    QCoreApplication::sendEvent(&view, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), view.toolTipText(2, 3));
}

void TestHeatmapView::hoverAndClick() {
    HeatmapView view;
    view.resize(500, 400);
    view.setData(makeData(4, 5));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy clicked(&view, &HeatmapView::cellClicked);
    const QPoint at = view.cellRect(1, 4).center().toPoint();
    QTest::mouseMove(&view, at);
    QTRY_COMPARE(view.hoveredCell(), QPoint(4, 1));
    QTest::mouseClick(&view, Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 1);
    QCOMPARE(clicked.at(0).at(1).toInt(), 4);
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, 2));  // outside the cells
    QCOMPARE(clicked.count(), 1);
}

void TestHeatmapView::paintToDrawsTheWidgetPicture() {
    HeatmapView view;
    view.resize(640, 420);
    HeatmapData d = makeData(6, 30);
    d.cellValues = true;
    view.setData(d);
    QImage grabbed = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QImage painted(grabbed.size(), QImage::Format_RGB32);
    painted.setDevicePixelRatio(grabbed.devicePixelRatio());
    painted.fill(Qt::red);
    {
        QPainter p(&painted);
        view.paintTo(&p, QRectF(0, 0, 640, 420));
    }
    QCOMPARE(painted, grabbed);
    // Into a larger picture the cells grow with it: the cell centre keeps its colour.
    QImage big(1280, 840, QImage::Format_RGB32);
    big.fill(Qt::red);
    {
        QPainter p(&big);
        view.paintTo(&p, QRectF(0, 0, 1280, 840));
    }
    QVERIFY(!big.isNull());
    QCOMPARE(view.title(), QStringLiteral("Test map"));
}

void TestHeatmapView::malformedDataShowsEmpty() {
    HeatmapView view;
    view.resize(300, 200);
    HeatmapData d = makeData(3, 3);
    d.values.pop_back();
    view.setData(d);
    QVERIFY(view.data().isEmpty());
    QCOMPARE(view.cellAt(QPointF(150, 100)), QPoint(-1, -1));
    QVERIFY(!view.grab().isNull());
}

void TestHeatmapView::groupsAndFormatting() {
    HeatmapData d;
    d.rows = 5;
    d.cols = 2;
    d.values = {0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5};
    d.rowGroups = {{0, 2, QStringLiteral("cat"), {}}, {2, 3, QStringLiteral("dog"), {}}};
    d.rowTitle = QStringLiteral("Sample");
    d.displayScale = 100.0;
    d.unit = QStringLiteral("%");
    d.decimals = 1;
    QCOMPARE(d.format(0.253), QStringLiteral("25.3%"));
    QCOMPARE(d.groupOf(3)->name, QStringLiteral("dog"));
    QVERIFY(d.groupOf(5) == nullptr);
    HeatmapView view;
    view.resize(400, 300);
    view.setData(d);
    view.setToolTipExtra([](int row, int col) { return QStringLiteral("extra %1/%2").arg(row).arg(col); });
    const QString tip = view.toolTipText(3, 1);
    QVERIFY2(tip.contains(QStringLiteral("Sample: dog")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("<b>60.0%</b> (0.6)")), qPrintable(tip));
    QVERIFY(tip.endsWith(QStringLiteral("extra 3/1")));
}

QTEST_MAIN(TestHeatmapView)
#include "tst_heatmap_view.moc"
