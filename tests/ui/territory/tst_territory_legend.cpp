// Tests ui/territory/territory_legend.*: how the territory map's legends measure their
// entries (the view lays the map out by them), that an expert list too long for its area is
// counted rather than cut, and that the key shows the decision boundary only when the map
// draws one.
#include "ui/charts/expert_palette.h"
#include "ui/territory/territory_legend.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace moe::ui;

namespace {

moe::Dataset classes(const std::vector<std::string>& names) {
    moe::Dataset d;
    d.name = "hand";
    d.rows = 0;
    d.cols = 2;
    d.classNames = names;
    return d;
}

// The legend painted on white into a width x height image.
QImage paint(const std::function<void(QPainter&, const QRectF&)>& draw, int width, int height) {
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    draw(p, QRectF(0, 0, width, height));
    return image;
}

int pixelsOf(const QImage& image, const QColor& colour) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) n += image.pixelColor(x, y) == colour;
    return n;
}

}  // namespace

class TestTerritoryLegend : public QObject {
    Q_OBJECT

private slots:
    void measuresItsEntries();
    void classColumnsFitTheLongestName();
    void countsTheExpertsThatDoNotFit();
    void keyShowsTheBoundaryOnlyWhenDrawn();
};

void TestTerritoryLegend::measuresItsEntries() {
    const QFont font;
    const std::vector<double> load;
    const moe::Dataset data = classes({"a", "b"});
    const TerritoryLegend legend(font, 8, load, data, false);
    QCOMPARE(legend.rowHeight(), std::ceil(QFontMetricsF(font).height() + 5));
    QVERIFY(legend.compactExpertEntry() < legend.fullExpertEntry());
    QCOMPARE(legend.expertColumns(0.0), 1);  // never fewer than one column
    QCOMPARE(legend.expertColumns(3.5 * legend.fullExpertEntry()), 3);
    // A grid of no experts yet still lists one.
    const TerritoryLegend none(font, 0, load, data, false);
    QCOMPARE(none.compactExpertEntry(), TerritoryLegend(font, 1, load, data, false).compactExpertEntry());
}

void TestTerritoryLegend::classColumnsFitTheLongestName() {
    const QFont font;
    const std::vector<double> load;
    const moe::Dataset data = classes({"a", "a much longer class name", "b"});
    const TerritoryLegend legend(font, 3, load, data, false);
    const double name = QFontMetricsF(font).horizontalAdvance(QStringLiteral("a much longer class name"));
    const TerritoryLegend::ClassColumns wide = legend.classColumns(1000.0);
    QCOMPARE(wide.width, 18 + name + 12);  // marker and gap, the longest name, a margin
    QCOMPARE(wide.fit, static_cast<int>(1000.0 / wide.width));
    const TerritoryLegend::ClassColumns narrow = legend.classColumns(name / 2);
    QCOMPARE(narrow.width, name / 2);  // never wider than the area
    QCOMPARE(narrow.fit, 1);
}

void TestTerritoryLegend::countsTheExpertsThatDoNotFit() {
    const QFont font;
    const std::vector<double> load;
    const moe::Dataset data = classes({"a", "b"});
    const int experts = 12;
    const TerritoryLegend legend(font, experts, load, data, false);
    // The heading and three rows in one column: two experts' swatches, then "+ 10 more".
    const int height = static_cast<int>(4 * legend.rowHeight()) + 1;
    const QImage shown = paint([&](QPainter& p, const QRectF& area) { legend.paintExperts(p, area, 1); },
                               static_cast<int>(legend.fullExpertEntry()), height);
    QVERIFY(pixelsOf(shown, ExpertPalette::color(0)) > 0);
    QVERIFY(pixelsOf(shown, ExpertPalette::color(1)) > 0);
    QCOMPARE(pixelsOf(shown, ExpertPalette::color(2)), 0);
    // With room for all of them, the last expert's swatch is drawn too.
    const int tall = static_cast<int>((experts + 2) * legend.rowHeight());
    const QImage all = paint([&](QPainter& p, const QRectF& area) { legend.paintExperts(p, area, 1); },
                             static_cast<int>(legend.fullExpertEntry()), tall);
    QVERIFY(pixelsOf(all, ExpertPalette::color(experts - 1)) > 0);
}

void TestTerritoryLegend::keyShowsTheBoundaryOnlyWhenDrawn() {
    const QFont font;
    const std::vector<double> load;
    const moe::Dataset data = classes({"a", "b"});
    auto key = [&](bool boundary) {
        const TerritoryLegend legend(font, 3, load, data, boundary);
        return paint([&](QPainter& p, const QRectF& area) { legend.paintKey(p, area); }, 200, 300);
    };
    const QImage without = key(false), with = key(true);
    QVERIFY(without != with);
    // The boundary's sample line is dark (its pen, blended on white); the classes' markers
    // beside it are there in both.
    auto darkPixels = [](const QImage& image) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < 16; ++x) {
                const QColor c = image.pixelColor(x, y);
                n += c.red() < 0x80 && c.green() < 0x80 && c.blue() < 0x80;
            }
        return n;
    };
    QVERIFY(darkPixels(with) > darkPixels(without) + 10);
}

QTEST_MAIN(TestTerritoryLegend)
#include "tst_territory_legend.moc"
