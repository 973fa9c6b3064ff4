// Tests the territory map's modes (ui/territory/territory_view.*, ui/territory/territory_panel.*): each mode's
// rendered grid against the TerritoryGrid it came from - experts per layer, the model's
// decision, one expert alone, regression values - and the panel's mode controls.
#include "core/data/feature_plane.h"
#include "core/data/generators.h"
#include "core/data/pca.h"
#include "core/train/experiment.h"
#include "ui/charts/class_palette.h"
#include "ui/charts/expert_palette.h"
#include "ui/territory/territory_panel.h"
#include "ui/territory/territory_renderer.h"
#include "ui/territory/territory_view.h"

#include <QComboBox>
#include <QSpinBox>
#include <QTest>

#include <cmath>

using namespace moe::ui;
using Mode = TerritoryView::Mode;

namespace {

// 4 x 2 cells, 3 experts, 2 layers, 2 classes; every cell fully confident.
moe::TerritoryGrid handGrid() {
    moe::TerritoryGrid g;
    g.spec = {0.0, 4.0, 0.0, 2.0, 4, 2, std::nullopt};
    g.experts = 3;
    g.expert = {0, 0, 1, 1, 2, 2, 2, 2};
    g.confidence.assign(8, 1.0f);
    g.layerExpert = {g.expert, {2, 1, 0, 2, 1, 0, 2, 1}};
    g.layerConfidence = {g.confidence, g.confidence};
    g.predictedClass = {0, 1, 1, 0, 0, 0, 1, 1};
    g.expertClass = {{0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 0, 0, 0, 0}, {1, 0, 1, 0, 1, 0, 1, 0}};
    return g;
}

moe::Dataset twoClasses() {
    moe::Dataset d;
    d.name = "hand";
    d.rows = 2;
    d.cols = 2;
    d.features = {0.5f, 0.5f, 3.5f, 1.5f};
    d.labels = {0, 1};
    d.featureNames = {"x", "y"};
    d.classNames = {"a", "b"};
    return d;
}

void checkPixels(const QImage& img, int width, const std::function<QColor(std::size_t)>& expected) {
    QVERIFY(!img.isNull());
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const std::size_t i = static_cast<std::size_t>(y * width + x);
            QCOMPARE(img.pixelColor(x, y), expected(i));
        }
}

}  // namespace

class TestTerritoryModes : public QObject {
    Q_OBJECT
private slots:
    void eachModeDrawsItsGrid();
    void regressionDrawsValues();
    void trainedGridInEveryMode();
    void panelSwitchesModes();
    void regionColoursAreDistinct();
    void legendListsEveryExpert_data();
    void legendListsEveryExpert();
};

void TestTerritoryModes::eachModeDrawsItsGrid() {
    const moe::TerritoryGrid g = handGrid();
    TerritoryView view;
    view.setData(twoClasses());
    view.setTerritory(g);
    QCOMPARE(view.layers(), 2);
    checkPixels(view.image(), 4, [&](std::size_t i) { return ExpertPalette::color(g.expert[i]); });
    view.setLayer(1);
    QVERIFY(view.modeTitle().contains(QStringLiteral("layer 2 of 2")));
    checkPixels(view.image(), 4, [&](std::size_t i) { return ExpertPalette::color(g.layerExpert[1][i]); });
    view.setMode(Mode::Decision);
    checkPixels(view.image(), 4, [&](std::size_t i) { return ClassPalette::regionColor(g.predictedClass[i]); });
    for (int e = 0; e < 3; ++e) {
        view.setSelectedExpert(e);
        view.setMode(Mode::ExpertAlone);
        QVERIFY(view.modeTitle().startsWith(ExpertPalette::name(e)));
        checkPixels(view.image(), 4, [&](std::size_t i) { return ClassPalette::regionColor(g.expertClass[static_cast<std::size_t>(e)][i]); });
    }
    view.setMode(Mode::Experts);
    checkPixels(view.image(), 4, [&](std::size_t i) { return ExpertPalette::color(g.layerExpert[1][i]); });
}

void TestTerritoryModes::regressionDrawsValues() {
    moe::TerritoryGrid g = handGrid();
    g.predictedClass.clear();
    g.expertClass.clear();
    g.predictedValue = {0, 1, 2, 3, 4, 5, 6, 7};
    g.expertValue = {{7, 6, 5, 4, 3, 2, 1, 0}, {}, {}};
    moe::Dataset d = twoClasses();
    d.task = moe::Task::Regression;
    d.labels.clear();
    d.classNames.clear();
    d.values = {0.0f, 7.0f};
    TerritoryView view;
    view.setData(d);
    view.setTerritory(g);
    view.setMode(Mode::Decision);
    checkPixels(view.image(), 4, [&](std::size_t i) { return ClassPalette::valueFill(g.predictedValue[i] / 7.0); });
    view.setSelectedExpert(0);
    view.setMode(Mode::ExpertAlone);
    checkPixels(view.image(), 4, [&](std::size_t i) { return ClassPalette::valueFill(g.expertValue[0][i] / 7.0); });
}

void TestTerritoryModes::trainedGridInEveryMode() {
    moe::GeneratorParams p;
    p.name = "blobs";
    p.samples = 200;
    const moe::Dataset data = moe::generateDataset(p).value();
    moe::RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.train.epochs = 3;
    auto e = std::move(moe::Experiment::create(data, c)).value();
    struct NoStop : moe::TrainingObserver {
        bool onBatch(const moe::BatchProgress&) override { return true; }
        bool onEpoch(const moe::EpochSnapshot&) override { return true; }
    } obs;
    e->run(obs);
    const moe::TerritoryGrid g = e->territory(e->defaultGrid(30, 24));
    TerritoryView view;
    view.setData(data);
    view.setTerritory(g);
    QCOMPARE(view.image(), TerritoryRenderer::image(g));
    view.setMode(Mode::Decision);
    QCOMPARE(view.image(), TerritoryRenderer::classImage(g.predictedClass, 30, 24));
    view.setSelectedExpert(3);
    view.setMode(Mode::ExpertAlone);
    QCOMPARE(view.image(), TerritoryRenderer::classImage(g.expertClass[3], 30, 24));
    QVERIFY(view.image() != TerritoryRenderer::classImage(g.predictedClass, 30, 24) ||
            g.expertClass[3] == g.predictedClass);
}

void TestTerritoryModes::panelSwitchesModes() {
    TerritoryPanel panel;
    panel.view()->setData(twoClasses());
    panel.view()->setTerritory(handGrid());
    QCOMPARE(panel.expertBox()->count(), 3);
    QCOMPARE(panel.modeBox()->count(), 3);
    for (int i = 0; i < 3; ++i) QVERIFY(!panel.modeBox()->itemData(i, Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(!panel.expertBox()->isVisibleTo(&panel));
    QVERIFY(panel.layerBox()->isVisibleTo(&panel));  // two layers
    panel.modeBox()->setCurrentIndex(2);
    QCOMPARE(panel.view()->mode(), Mode::ExpertAlone);
    QVERIFY(panel.expertBox()->isVisibleTo(&panel));
    QVERIFY(!panel.layerBox()->isVisibleTo(&panel));
    panel.expertBox()->setCurrentIndex(1);
    QCOMPARE(panel.view()->selectedExpert(), 1);
    panel.modeBox()->setCurrentIndex(1);
    QCOMPARE(panel.view()->mode(), Mode::Decision);
    panel.modeBox()->setCurrentIndex(0);
    panel.layerBox()->setValue(2);
    QCOMPARE(panel.view()->layer(), 1);
}

void TestTerritoryModes::regionColoursAreDistinct() {
    QSet<QRgb> seen;
    for (int c = 0; c < 10; ++c) seen.insert(ClassPalette::regionColor(c).rgb());
    QCOMPARE(seen.size(), 10);
    // Never an expert's colour: a class region must not read as a territory.
    for (int c = 0; c < 10; ++c)
        for (int e = 0; e < ExpertPalette::curatedCount(); ++e)
            QVERIFY(ClassPalette::regionColor(c) != ExpertPalette::color(e));
}

namespace {

// `classes` classes of `cols` features (rows spread over [-2, 2]); 8 experts over a 16 x 16
// grid, each cell fully confident; a PCA slice beyond two features, as for digits.
std::pair<moe::Dataset, moe::TerritoryGrid> manyClasses(int classes, int cols) {
    moe::Dataset d;
    d.name = "many";
    d.rows = 200;
    d.cols = static_cast<std::size_t>(cols);
    for (std::size_t r = 0; r < d.rows; ++r) {
        for (int c = 0; c < cols; ++c)
            d.features.push_back(static_cast<float>(std::sin(0.37 * double(r) * (c + 1) + c) * 2.0));
        d.labels.push_back(static_cast<int>(r) % classes);
    }
    for (int c = 0; c < cols; ++c) d.featureNames.push_back(QStringLiteral("f%1").arg(c).toStdString());
    for (int c = 0; c < classes; ++c) d.classNames.push_back(QStringLiteral("class %1").arg(c).toStdString());
    moe::TerritoryGrid g;
    g.spec = {-3.0, 3.0, -3.0, 3.0, 16, 16, std::nullopt};
    if (cols > 2) {
        moe::Pca pca;
        pca.fit(d, 2);
        g.spec.plane = moe::FeaturePlane::principal(pca);
    }
    g.experts = 8;
    for (int i = 0; i < 16 * 16; ++i) g.expert.push_back(i % 8);
    g.confidence.assign(g.expert.size(), 1.0f);
    g.predictedClass.assign(g.expert.size(), 0);
    return {d, g};
}

// Whether `img` holds a 6 x 6 block of exactly `colour` right of column `left` (a legend
// swatch; the confidence ramp is a gradient and holds no such block).
bool hasSwatch(const QImage& img, int left, const QColor& colour) {
    const QRgb want = colour.rgb();
    for (int y = 0; y + 6 <= img.height(); ++y)
        for (int x = left; x + 6 <= img.width(); ++x) {
            bool all = true;
            for (int dy = 0; dy < 6 && all; ++dy)
                for (int dx = 0; dx < 6 && all; ++dx) all = img.pixel(x + dx, y + dy) == want;
            if (all) return true;
        }
    return false;
}

}  // namespace

void TestTerritoryModes::legendListsEveryExpert_data() {
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("cols");
    QTest::addColumn<QSize>("size");
    // 536 x 409: the map's size in the main window at 1280 x 800.
    QTest::newRow("4 classes, 2 features") << 4 << 2 << QSize(536, 409);
    QTest::newRow("10 classes, 2 features") << 10 << 2 << QSize(536, 409);
    QTest::newRow("10 classes, PCA slice (digits)") << 10 << 5 << QSize(536, 409);
}

void TestTerritoryModes::legendListsEveryExpert() {
    QFETCH(int, classes);
    QFETCH(int, cols);
    QFETCH(QSize, size);
    const auto [data, grid] = manyClasses(classes, cols);
    TerritoryView view;
    view.resize(size);
    view.setData(data);
    view.setTerritory(grid);
    view.setExpertLoad(std::vector<double>(8, 0.125));
    const QImage img = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    // The legend is what lies right of the plot.
    const double plotRight = view.planeToWidget(QPointF(grid.spec.xMax, grid.spec.yMin)).x();
    QVERIFY(plotRight > 0 && plotRight < size.width() - 100);
    const int left = static_cast<int>(std::ceil(plotRight * img.devicePixelRatio())) + 4;
    for (int e = 0; e < 8; ++e)
        QVERIFY2(hasSwatch(img, left, ExpertPalette::color(e)),
                 qPrintable(QStringLiteral("no legend entry for %1").arg(ExpertPalette::name(e))));
}

QTEST_MAIN(TestTerritoryModes)
#include "tst_territory_modes.moc"
