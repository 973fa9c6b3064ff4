// Tests ui/inspector/gate_inspector_panel.* and ui/inspector/gate_bars_view.*: the bars and texts against the
// core's SampleInspector, pin and preview, the 20 Hz throttle, and - in the whole window -
// clicking a data point or an empty point of the territory map, live during training.
#include "tests/support/worker_waits.h"
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "ui/charts/expert_palette.h"
#include "ui/inspector/gate_bars_view.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/window/main_window.h"
#include "ui/settings/model_panel.h"
#include "ui/data/data_panel.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "tests/support/experiment_fixtures.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>

using namespace moe::ui;

namespace {

moe::Dataset makeData(const std::string& name, int samples) { return moe::testing::generated(name, samples, 2); }

using moe::testing::trained;

moe::RunConfig config(double evalCapacity) {
    moe::RunConfig c;
    c.model.experts = 6;
    c.model.topK = 2;
    c.model.hidden = 8;
    c.model.evalCapacityFactor = evalCapacity;
    c.train.epochs = 3;
    c.train.seed = 4;
    return c;
}

std::vector<float> rawRow(const moe::Dataset& d, int r) {
    const auto begin = d.features.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * d.cols);
    return {begin, begin + static_cast<std::ptrdiff_t>(d.cols)};
}

}  // namespace

class TestGateInspectorPanel : public QObject {
    Q_OBJECT
private slots:
    void barsShowTheCoreNumbers_data();
    void barsShowTheCoreNumbers();
    void droppedAssignmentsAreMarked();
    void previewReturnsToThePin();
    void anyPointOfThePlane();
    void recomputesAtMostTwentyTimesASecond();
    void clickingTheMapPinsLiveDuringTraining();
    void weightLabelsKeepApart_data();
    void weightLabelsKeepApart();
};

void TestGateInspectorPanel::barsShowTheCoreNumbers_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("row");
    QTest::newRow("spirals row 5") << "spirals" << 5;
    QTest::newRow("blobs row 77") << "blobs" << 77;
    QTest::newRow("piecewise (regression) row 40") << "piecewise" << 40;
}

void TestGateInspectorPanel::barsShowTheCoreNumbers() {
    QFETCH(QString, dataset);
    QFETCH(int, row);
    const moe::Dataset data = makeData(dataset.toStdString(), 240);
    auto e = trained(data, config(-1.0));
    GateInspectorPanel panel;
    panel.resize(560, 220);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setData(data);
    panel.setInspector(e->inspector());
    panel.pinRow(row);
    panel.refreshNow();
    QVERIFY(panel.hasSample());
    QVERIFY(panel.isPinned());

    // The core's own answer, from a separate copy of the same model.
    const moe::SampleInspection expected = e->inspector()->inspect(rawRow(data, row)).value();
    const moe::LayerInspection& layer = panel.bars()->layer();
    QCOMPARE(layer.gate.size(), expected.layers[0].gate.size());
    const QRectF plot = panel.bars()->plotRect();
    for (std::size_t x = 0; x < layer.gate.size(); ++x) {
        QCOMPARE(layer.gate[x], expected.layers[0].gate[x]);
        // The drawn bar's height is the probability.
        const double drawn = panel.bars()->barRect(static_cast<int>(x)).height() / plot.height();
        QVERIFY2(std::abs(drawn - expected.layers[0].gate[x]) < 1e-6,
                 qPrintable(QStringLiteral("expert %1: drawn %2, gate %3").arg(x).arg(drawn).arg(expected.layers[0].gate[x])));
    }
    QCOMPARE(layer.chosen.size(), expected.layers[0].chosen.size());
    const QString text = panel.predictionsText();
    for (const moe::ExpertAnswer& a : expected.layers[0].chosen) {
        QVERIFY(text.contains(ExpertPalette::name(a.expert).replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))));
        QVERIFY(text.contains(QString::number(a.weight, 'f', 2)));
    }
    if (data.task == moe::Task::Classification) {
        const auto best = static_cast<std::size_t>(expected.predictedClass);
        const QString combined = QStringLiteral("%1&nbsp;%2%").arg(QString::fromStdString(data.classNames[best]))
                                     .arg(100.0 * expected.classProbabilities[best], 0, 'f', 0)
                                     .replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        QVERIFY2(text.contains(combined), qPrintable(text));
        QVERIFY(panel.headerText().contains(QString::fromStdString(
            data.classNames[static_cast<std::size_t>(data.labels[static_cast<std::size_t>(row)])])));
    } else {
        QVERIFY(text.contains(QString::number(expected.predictedValue, 'g', 4)));
    }
}

void TestGateInspectorPanel::droppedAssignmentsAreMarked() {
    const moe::Dataset data = makeData("blobs", 400);
    auto e = trained(data, config(0.5));  // half the slots a balanced router needs
    GateInspectorPanel panel;
    panel.setData(data);
    panel.setInspector(e->inspector());
    int dropped = 0;
    for (int row = 0; row < 400 && dropped == 0; ++row) {
        panel.pinRow(row);
        panel.refreshNow();
        for (const moe::ExpertAnswer& a : panel.inspection().layers[0].chosen)
            if (!a.kept) {
                ++dropped;
                QCOMPARE(a.weight, 0.0f);
                QVERIFY(panel.predictionsText().contains(QStringLiteral("dropped")));
                QVERIFY(panel.contextText().contains(QStringLiteral("C = ")));
            }
    }
    QVERIFY(dropped > 0);
}

void TestGateInspectorPanel::previewReturnsToThePin() {
    const moe::Dataset data = makeData("moons", 200);
    auto e = trained(data, config(-1.0));
    GateInspectorPanel panel;
    panel.setData(data);
    panel.setInspector(e->inspector());
    QSignalSpy pinned(&panel, &GateInspectorPanel::pinnedChanged);
    panel.pinRow(10);
    panel.refreshNow();
    QCOMPARE(pinned.count(), 1);
    QCOMPARE(pinned.last().at(0).toBool(), true);
    QCOMPARE(pinned.last().at(1).value<std::vector<float>>(), rawRow(data, 10));
    panel.previewRow(20);
    panel.refreshNow();
    QVERIFY(panel.isPreviewing());
    QCOMPARE(panel.shownFeatures(), rawRow(data, 20));
    QVERIFY(panel.headerText().startsWith(QStringLiteral("<b>Preview:")));
    panel.endPreview();
    panel.refreshNow();
    QCOMPARE(panel.shownFeatures(), rawRow(data, 10));
    QVERIFY(panel.headerText().startsWith(QStringLiteral("<b>Pinned:")));
    panel.unpin();
    panel.refreshNow();
    QVERIFY(!panel.hasSample());
    QCOMPARE(pinned.last().at(0).toBool(), false);
}

void TestGateInspectorPanel::anyPointOfThePlane() {
    const moe::Dataset data = makeData("spirals", 200);
    auto e = trained(data, config(-1.0));
    GateInspectorPanel panel;
    panel.setData(data);
    panel.setInspector(e->inspector());
    panel.pinPoint(QPointF(3.5, -7.25), {3.5f, -7.25f});
    panel.refreshNow();
    QVERIFY(panel.hasSample());
    QCOMPARE(panel.shownFeatures(), (std::vector<float>{3.5f, -7.25f}));
    QCOMPARE(panel.inspection().testRow, -1);
    QVERIFY(panel.headerText().contains(QStringLiteral("no label")));
    const moe::SampleInspection expected = e->inspector()->inspect({3.5f, -7.25f}).value();
    QCOMPARE(panel.bars()->layer().gate, expected.layers[0].gate);
}

void TestGateInspectorPanel::recomputesAtMostTwentyTimesASecond() {
    const moe::Dataset data = makeData("moons", 200);
    auto e = trained(data, config(-1.0));
    GateInspectorPanel panel;
    panel.setData(data);
    panel.setInspector(e->inspector());
    QTest::qWait(2 * GateInspectorPanel::kMinIntervalMs);
    panel.previewRow(1);  // computed at once: nothing was computed in the last 50 ms
    QCOMPARE(panel.shownFeatures(), rawRow(data, 1));
    panel.previewRow(2);  // too soon: waits for the throttle
    QCOMPARE(panel.shownFeatures(), rawRow(data, 1));
    QTRY_COMPARE_WITH_TIMEOUT(panel.shownFeatures(), rawRow(data, 2), 1000);
}

void TestGateInspectorPanel::clickingTheMapPinsLiveDuringTraining() {
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.dataPanel()->setSamples(300);
    w.setEpochs(400);
    TrainingController* c = w.controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    // The run must still be going while the copies are counted: with early stopping on by
    // default (patience 60) a fast machine finished it before three copies were sent.
    moe::RunConfig noEarlyStop = c->config();
    noEarlyStop.train.patience = 0;
    const moe::Dataset setupData = c->data();
    c->setSetup(setupData, noEarlyStop);
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QTRY_VERIFY(c->inspector() != nullptr);
    TerritoryView* map = w.territoryView();
    QTRY_VERIFY(!map->image().isNull());

    // Click on a data point: it is pinned and marked.
    const moe::Dataset& data = c->data();
    const int row = 42;
    const std::optional<QPointF> onPlane = map->planeOf(&data.features[row * data.cols], data.cols);
    QVERIFY(onPlane);
    const QPoint at = map->planeToWidget(*onPlane).toPoint();
    const int hit = map->rowAt(at);
    QVERIFY(hit >= 0);
    QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, at);
    GateInspectorPanel* panel = w.gateInspector();
    panel->refreshNow();
    QVERIFY(panel->isPinned());
    QCOMPARE(panel->shownFeatures(), rawRow(data, hit));

    // During training the pinned sample follows new model copies.
    QSignalSpy copies(c, &TrainingController::inspectorChanged);
    c->train();
    QTRY_VERIFY_WITH_TIMEOUT(copies.count() >= 3, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(c->epochsCompleted() > 5, 30000);
    c->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!c->isBusy(), 30000);
    panel->refreshNow();
    const moe::SampleInspection now = c->inspector()->inspect(rawRow(data, hit)).value();
    QCOMPARE(panel->bars()->layer().gate, now.layers[0].gate);

    // Click on an empty point of the plane: any input can be inspected.
    const moe::GridSpec& s = map->territory().spec;
    const QPointF corner(s.xMin + 0.02 * (s.xMax - s.xMin), s.yMax - 0.02 * (s.yMax - s.yMin));
    const QPoint cornerAt = map->planeToWidget(corner).toPoint();
    QCOMPARE(map->rowAt(cornerAt), -1);
    QTest::mouseClick(map, Qt::LeftButton, Qt::NoModifier, cornerAt);
    panel->refreshNow();
    QVERIFY(panel->isPinned());
    QCOMPARE(panel->inspection().testRow, -1);
    const std::optional<QPointF> plane = map->cellCentreAt(cornerAt);
    QVERIFY(plane);
    QCOMPARE(panel->shownFeatures(), map->featuresAt(*plane));
}

void TestGateInspectorPanel::weightLabelsKeepApart_data() {
    QTest::addColumn<QList<float>>("gate");
    QTest::addColumn<QList<int>>("chosen");
    QTest::addColumn<bool>("lastDropped");
    // Blobs gave this: two neighbours of equal height, weights 0.49 and 0.51.
    QTest::newRow("even neighbours") << QList<float>{0.12f, 0.12f, 0.12f, 0.12f, 0.12f, 0.12f, 0.14f, 0.14f}
                                     << QList<int>{7, 6} << false;
    QTest::newRow("three neighbours, one dropped") << QList<float>{0.05f, 0.3f, 0.3f, 0.3f, 0.05f}
                                                   << QList<int>{1, 2, 3} << true;
    QTest::newRow("a tall and a short neighbour") << QList<float>{0.9f, 0.08f, 0.01f, 0.01f}
                                                  << QList<int>{0, 1} << false;
}

void TestGateInspectorPanel::weightLabelsKeepApart() {
    QFETCH(QList<float>, gate);
    QFETCH(QList<int>, chosen);
    QFETCH(bool, lastDropped);
    moe::LayerInspection layer;
    layer.gate.assign(gate.begin(), gate.end());
    for (int e : chosen) {
        moe::ExpertAnswer a;
        a.expert = e;
        a.rank = static_cast<int>(layer.chosen.size());
        a.gate = layer.gate[static_cast<std::size_t>(e)];
        a.weight = a.gate;
        layer.chosen.push_back(a);
    }
    if (lastDropped) {
        layer.chosen.back().kept = false;
        layer.chosen.back().weight = 0.0f;
    }
    GateBarsView bars;
    bars.resize(300, 150);  // about its size in the main window at 1280 x 800
    bars.setLayer(layer);
    for (qsizetype i = 0; i < chosen.size(); ++i) {
        const QRectF label = bars.labelRect(chosen[i]);
        QVERIFY(!label.isEmpty());
        QVERIFY(QRectF(bars.rect()).contains(label));
        QVERIFY(label.bottom() <= bars.barRect(chosen[i]).top());  // above its own bar
        for (qsizetype j = i + 1; j < chosen.size(); ++j)
            QVERIFY2(!label.intersects(bars.labelRect(chosen[j])),
                     qPrintable(QStringLiteral("the labels of experts %1 and %2 overlap").arg(chosen[i] + 1).arg(chosen[j] + 1)));
    }
    for (int e = 0; e < static_cast<int>(gate.size()); ++e)
        if (!chosen.contains(e)) QVERIFY(bars.labelRect(e).isEmpty());
}

QTEST_MAIN(TestGateInspectorPanel)
#include "tst_gate_inspector_panel.moc"
