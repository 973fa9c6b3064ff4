// Tests ui/routing/gate_matrix_panel.*: trained through a real TrainingController, the heatmap
// shows the core's gate probabilities row by row in each sort order, marks the chosen and
// dropped experts, and follows the layer selector and the colour-scale option.
#include "tests/ui/train_helpers.h"
#include "ui/routing/gate_matrix_panel.h"
#include "ui/charts/heatmap_view.h"
#include "ui/training/training_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace moe::ui;
using namespace moe::ui::testing;
using Key = GateMatrixOrder::Key;

Q_DECLARE_METATYPE(moe::ui::GateMatrixOrder::Key)

namespace {

moe::RunConfig config(int epochs) {
    moe::RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.model.hidden = 8;
    c.train.epochs = epochs;
    return c;
}

void trainWithMatrices(TrainingController& c, const moe::Dataset& data, const moe::RunConfig& config) {
    trainToTheEnd(c, data, config);
    QTRY_VERIFY(!c.gateMatrices().empty() && c.gateMatrices().front().epoch == config.train.epochs);
}

}  // namespace

class TestGateMatrixPanel : public QObject {
    Q_OBJECT
private slots:
    void showsTheCoresProbabilities_data();
    void showsTheCoresProbabilities();
    void marksChosenAndDroppedExperts();
    void tooltipNamesTheSample();
    void fullScaleFixesTheRange();
    void blockModeSelectsTheLayer();
    void regressionCannotSortByClass();
};

void TestGateMatrixPanel::showsTheCoresProbabilities_data() {
    QTest::addColumn<Key>("key");
    QTest::newRow("by class") << Key::ByClass;
    QTest::newRow("by top expert") << Key::ByTopExpert;
    QTest::newRow("by confidence") << Key::ByConfidence;
}

void TestGateMatrixPanel::showsTheCoresProbabilities() {
    QFETCH(Key, key);
    TrainingController c;
    GateMatrixPanel panel(&c);
    trainWithMatrices(c, generate("blobs", 400), config(4));
    panel.setOrderKey(key);  // the combo box, as a person would choose
    QCOMPARE(panel.orderBox()->currentText(), panel.orderBox()->itemText(panel.orderBox()->findData(int(key))));
    panel.redrawNow();
    const moe::GateMatrix& core = c.gateMatrices().front();
    const HeatmapData& d = panel.view()->data();
    QCOMPARE(d.rows, core.samples);
    QCOMPARE(d.cols, core.experts);
    QCOMPARE(core.samples, 80);  // the test split of 400 rows
    std::vector<int> seen;
    for (int row = 0; row < d.rows; ++row) {
        const int t = panel.sampleAt(row);
        seen.push_back(t);
        for (int e = 0; e < d.cols; ++e) QCOMPARE(d.value(row, e), double(core.prob(t, e)));
        if (row == 0) continue;
        const int prev = panel.sampleAt(row - 1);
        const float conf = core.prob(t, core.topExpert(t)), prevConf = core.prob(prev, core.topExpert(prev));
        switch (key) {
        case Key::ByClass:
            QVERIFY(core.labels[std::size_t(prev)] <= core.labels[std::size_t(t)]);
            if (core.labels[std::size_t(prev)] == core.labels[std::size_t(t)])
                QVERIFY(core.topExpert(prev) <= core.topExpert(t));
            break;
        case Key::ByTopExpert:
            QVERIFY(core.topExpert(prev) <= core.topExpert(t));
            if (core.topExpert(prev) == core.topExpert(t)) QVERIFY(prevConf >= conf);
            break;
        case Key::ByConfidence: QVERIFY(prevConf >= conf); break;
        }
    }
    std::sort(seen.begin(), seen.end());
    for (int i = 0; i < int(seen.size()); ++i) QCOMPARE(seen[std::size_t(i)], i);  // every sample once
    if (key == Key::ByClass) {
        QCOMPARE(d.rowGroups.size(), c.data().classCount());
        QCOMPARE(d.rowGroups.first().name, QString::fromStdString(c.data().classNames.front()));
    }
    if (key == Key::ByConfidence) QVERIFY(d.rowGroups.isEmpty());
}

void TestGateMatrixPanel::marksChosenAndDroppedExperts() {
    TrainingController c;
    GateMatrixPanel panel(&c);
    moe::RunConfig cfg = config(3);
    cfg.model.capacityFactor = 0.6;
    trainWithMatrices(c, generate("moons", 200), cfg);
    panel.redrawNow();
    const moe::GateMatrix& core = c.gateMatrices().front();
    const HeatmapData& d = panel.view()->data();
    int dots = 0, crosses = 0;
    for (int row = 0; row < d.rows; ++row)
        for (int e = 0; e < d.cols; ++e) {
            const int t = panel.sampleAt(row);
            const unsigned char expected = core.isKept(t, e) ? HeatmapData::Dot : core.isChosen(t, e) ? HeatmapData::Cross : HeatmapData::NoMark;
            QCOMPARE(d.mark(row, e), expected);
            dots += expected == HeatmapData::Dot;
            crosses += expected == HeatmapData::Cross;
        }
    QVERIFY(dots > 0);
    QVERIFY(crosses > 0);  // the capacity limit dropped some assignments
    QCOMPARE(dots + crosses, 2 * core.samples);
}

void TestGateMatrixPanel::tooltipNamesTheSample() {
    TrainingController c;
    GateMatrixPanel panel(&c);
    panel.resize(600, 600);
    trainWithMatrices(c, generate("moons", 200), config(2));
    panel.redrawNow();
    const moe::GateMatrix& core = c.gateMatrices().front();
    const int row = 7;
    const int t = panel.sampleAt(row);
    const int e = core.topExpert(t);
    const QString tip = panel.view()->toolTipText(row, e);
    QVERIFY2(tip.contains(QStringLiteral("Test sample #%1").arg(t + 1)), qPrintable(tip));
    QVERIFY(tip.contains(QString::fromStdString(c.data().classNames[std::size_t(core.labels[std::size_t(t)])])));
    QVERIFY(tip.contains(QString::number(core.prob(t, e), 'g', 6)));
    QVERIFY2(tip.contains(QStringLiteral("Sent to Expert %1").arg(e + 1)), qPrintable(tip));
}

void TestGateMatrixPanel::fullScaleFixesTheRange() {
    TrainingController c;
    GateMatrixPanel panel(&c);
    trainWithMatrices(c, generate("moons", 200), config(2));
    panel.redrawNow();
    QVERIFY(!panel.view()->data().high.has_value());
    panel.fullScaleBox()->setChecked(true);
    QCOMPARE(panel.view()->data().high.value_or(-1), 1.0);
    QCOMPARE(panel.view()->data().low.value_or(-1), 0.0);
}

void TestGateMatrixPanel::blockModeSelectsTheLayer() {
    TrainingController c;
    GateMatrixPanel panel(&c);
    panel.show();
    moe::RunConfig cfg = config(2);
    cfg.model.mode = moe::MoeMode::Block;
    cfg.model.layers = 2;
    trainWithMatrices(c, generate("moons", 200), cfg);
    panel.redrawNow();
    QVERIFY(panel.layerBox()->isVisible());
    panel.layerBox()->setCurrentIndex(1);
    QCOMPARE(panel.matrix().layer, 1);
    const moe::GateMatrix& second = c.gateMatrices()[1];
    const int t = panel.sampleAt(0);
    QCOMPARE(panel.view()->data().value(0, 0), double(second.prob(t, 0)));
}

void TestGateMatrixPanel::regressionCannotSortByClass() {
    TrainingController c;
    GateMatrixPanel panel(&c);
    trainWithMatrices(c, generate("piecewise", 200), config(2));
    panel.redrawNow();
    QVERIFY(panel.orderKey() == Key::ByTopExpert);
    QCOMPARE(panel.view()->data().rows, c.gateMatrices().front().samples);
}

QTEST_MAIN(TestGateMatrixPanel)
#include "tst_gate_matrix_panel.moc"
