// TerritoryRenderer and the palettes it draws with.
#include "ui/charts/axis_ticks.h"
#include "ui/charts/expert_palette.h"
#include "ui/territory/territory_renderer.h"

#include <QSet>
#include <QTest>

using namespace moe::ui;

class TestTerritoryRenderer : public QObject {
    Q_OBJECT
private slots:
    void imageHasOnePixelPerCellTopRowFirst();
    void confidenceFadesTowardWhite();
    void inconsistentGridGivesNoImage();
    void contoursFollowLabelChanges();
    void paletteColoursAreDistinct();
    void axisTicksAreNice();
};

namespace {

// 4 x 2 cells: left half expert 0, right half expert 1; the bottom row (yMin) expert 2.
moe::TerritoryGrid grid(float confidence) {
    moe::TerritoryGrid g;
    g.spec = {0.0, 4.0, 0.0, 2.0, 4, 2, std::nullopt};
    g.experts = 3;
    g.expert = {0, 0, 1, 1, 2, 2, 2, 2};
    g.confidence.assign(8, confidence);
    return g;
}

}  // namespace

void TestTerritoryRenderer::imageHasOnePixelPerCellTopRowFirst() {
    const QImage img = TerritoryRenderer::image(grid(1.0f));
    QCOMPARE(img.size(), QSize(4, 2));
    QCOMPARE(img.pixelColor(0, 0), ExpertPalette::color(0));
    QCOMPARE(img.pixelColor(3, 0), ExpertPalette::color(1));
    QCOMPARE(img.pixelColor(1, 1), ExpertPalette::color(2));  // row 1 is the bottom
}

void TestTerritoryRenderer::confidenceFadesTowardWhite() {
    const QColor sure = TerritoryRenderer::image(grid(1.0f)).pixelColor(0, 0);
    const QColor unsure = TerritoryRenderer::image(grid(1.0f / 3.0f)).pixelColor(0, 0);
    QVERIFY(unsure.lightness() > sure.lightness() + 60);
    QVERIFY(std::abs(unsure.hsvHueF() - sure.hsvHueF()) < 0.03);  // still the same expert
    QCOMPARE(TerritoryRenderer::strength(1.0, 8), 1.0);
    QVERIFY(TerritoryRenderer::strength(0.125, 8) < 0.2);
    QCOMPARE(TerritoryRenderer::strength(0.3, 1), 1.0);  // one expert: always sure
}

void TestTerritoryRenderer::inconsistentGridGivesNoImage() {
    moe::TerritoryGrid g = grid(1.0f);
    g.expert.pop_back();
    QVERIFY(TerritoryRenderer::image(g).isNull());
    QVERIFY(TerritoryRenderer::image(moe::TerritoryGrid{}).isNull());
}

void TestTerritoryRenderer::contoursFollowLabelChanges() {
    const std::vector<int> uniform(16, 3);
    QVERIFY(TerritoryRenderer::contours(uniform, 4, 4).isEmpty());
    // Left two columns 0, right two columns 1: one vertical line at x = 2 (cell units).
    std::vector<int> halves(16);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) halves[static_cast<std::size_t>(y * 4 + x)] = x < 2 ? 0 : 1;
    const QPainterPath path = TerritoryRenderer::contours(halves, 4, 4);
    QVERIFY(!path.isEmpty());
    const QRectF box = path.boundingRect();
    QCOMPARE(box.left(), 2.0);
    QCOMPARE(box.right(), 2.0);
    QCOMPARE(box.top(), 0.5);
    QCOMPARE(box.bottom(), 3.5);
    QVERIFY(TerritoryRenderer::contours(halves, 4, 3).isEmpty());  // size mismatch
}

void TestTerritoryRenderer::paletteColoursAreDistinct() {
    QSet<QRgb> seen;
    for (int e = 0; e < 32; ++e) {
        const QColor c = ExpertPalette::color(e);
        QVERIFY(c.isValid());
        QVERIFY2(!seen.contains(c.rgb()), qPrintable(QStringLiteral("expert %1 repeats a colour").arg(e)));
        seen.insert(c.rgb());
        QVERIFY(c.lightness() < 235);  // never close to the white of an unsure gate
    }
    QCOMPARE(ExpertPalette::name(0), QStringLiteral("Expert 1"));
    QCOMPARE(ExpertPalette::shaded(3, 0.0), QColor(Qt::white));
    QCOMPARE(ExpertPalette::shaded(3, 1.0), ExpertPalette::color(3));
}

void TestTerritoryRenderer::axisTicksAreNice() {
    const AxisTicks t = AxisTicks::compute(-3.2, 3.4, 7);
    QCOMPARE(t.step, 1.0);
    QCOMPARE(t.values.first(), -3.0);
    QCOMPARE(t.values.last(), 3.0);
    QCOMPARE(t.label(-3.0), QStringLiteral("-3"));
    const AxisTicks f = AxisTicks::compute(0.0, 1.0, 4);
    QCOMPARE(f.step, 0.25);
    QCOMPARE(f.label(0.25), QStringLiteral("0.25"));
    // The printf format for Qt's axes has the same decimals: "%.1f" wrote 0.25 as "0.3".
    QCOMPARE(f.labelFormat(), QStringLiteral("%.2f"));
    QCOMPARE(t.labelFormat(), QStringLiteral("%.0f"));
    QCOMPARE(AxisTicks::compute(0.0, 1.0, 5).labelFormat(), QStringLiteral("%.1f"));  // step 0.2
    QCOMPARE(AxisTicks::compute(0.0, 12.0, 5).labelFormat(), QStringLiteral("%.1f"));  // step 2.5
    QVERIFY(AxisTicks::compute(1.0, 1.0, 5).values.isEmpty());
}

QTEST_MAIN(TestTerritoryRenderer)
#include "tst_territory_renderer.moc"
