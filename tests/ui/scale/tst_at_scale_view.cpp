// The At scale page against the core and the command line: Mixtral-8x7B's parameters, the
// all-to-all bytes of DeepSeek-V3 at 64 ranks equal to `moe cost --json`'s, a bad field marked
// with a message naming it, Scale up my model using the trained model's measured loads, and
// every view exporting as a figure.
#include "core/scale/llm_cost.h"
#include "core/scale/llm_presets.h"
#include "tests/support/experiment_fixtures.h"
#include "tests/ui/train_helpers.h"
#include "ui/report/figure_exporter.h"
#include "ui/scale/at_scale_view.h"
#include "ui/scale/llm_config_form.h"
#include "ui/scale/placement_grid_view.h"
#include "ui/scale/rank_load_view.h"
#include "ui/scale/stacked_bars_view.h"
#include "ui/training/training_controller.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace moe::ui;

namespace {

QSpinBox* count(AtScaleView& v, const char* field) {
    return qobject_cast<QSpinBox*>(v.form()->field(QString::fromLatin1(field)));
}

QComboBox* combo(AtScaleView& v, const char* field) {
    return qobject_cast<QComboBox*>(v.form()->field(QString::fromLatin1(field)));
}

}  // namespace

class TestAtScaleView : public QObject {
    Q_OBJECT
private slots:
    void mixtralFiguresAreTheCores();
    void deepSeekBytesEqualTheCommandLines();
    void aBadFieldIsMarked_data();
    void aBadFieldIsMarked();
    void scaleUpUsesTheTrainedLoads();
    void everyViewExports();
    void usedOnlyOnceChanged();
};

void TestAtScaleView::mixtralFiguresAreTheCores() {
    AtScaleView view(nullptr);
    combo(view, "preset")->setCurrentText(QStringLiteral("mixtral-8x7b"));
    const AtScaleFigures& f = view.figures();
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.hasCost);
    const moe::LlmCost core = moe::computeLlmCost(moe::loadLlmPreset("mixtral-8x7b").value().config, 4096);
    QCOMPARE(f.cost.paramsTotal.total(), core.paramsTotal.total());
    QCOMPARE(f.cost.paramsActive.total(), core.paramsActive.total());
    QVERIFY(std::abs(f.cost.paramsTotal.total() / 46.7e9 - 1.0) < 0.005);
    QVERIFY(std::abs(f.cost.paramsActive.total() / 12.9e9 - 1.0) < 0.01);
    QVERIFY2(view.summaryText().contains(formatParams(core.paramsTotal.total())), qPrintable(view.summaryText()));
    QVERIFY(view.summaryText().contains(formatParams(core.paramsActive.total())));
    // The split view's rows hold the same totals.
    const BarChart& chart = view.splitView()->chart();
    QCOMPARE(chart.groups.size(), 2);
    QCOMPARE(chart.groups[0].rows[0].valueText, formatParams(core.paramsTotal.total()));
    QCOMPARE(chart.groups[0].rows[2].valueText, formatParams(core.denseEqualParams.params));
    QCOMPARE(chart.groups[0].rows[3].valueText, formatParams(core.denseEqualCompute.params));
    QCOMPARE(view.memoryView()->chart().groups[0].rows.size(), 4);  // fp32, bf16, fp8, int4
}

void TestAtScaleView::deepSeekBytesEqualTheCommandLines() {
    AtScaleView view(nullptr);
    combo(view, "preset")->setCurrentText(QStringLiteral("deepseek-v3"));
    count(view, "ranks")->setValue(64);
    combo(view, "dtype")->setCurrentText(QStringLiteral("bf16"));
    const AtScaleFigures& f = view.figures();
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.ep.has_value());
    QCOMPARE(f.ep->ranks, 64);

    QProcess cli;
    cli.start(QStringLiteral(MOE_CLI_PATH), {QStringLiteral("cost"), QStringLiteral("--preset"), QStringLiteral("deepseek-v3"),
                                             QStringLiteral("--ep"), QStringLiteral("64"), QStringLiteral("--dtype"),
                                             QStringLiteral("bf16"), QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject j = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    const double bytes = j.value(QStringLiteral("all_to_all_bytes_per_token_per_layer")).toDouble(-1.0);
    QVERIFY(bytes > 0.0);
    QCOMPARE(f.ep->allToAllBytesPerToken(), bytes);
    QVERIFY2(view.trafficText().contains(formatBytes(bytes)), qPrintable(view.trafficText()));
    QCOMPARE(view.placementView()->estimate().rankOfExpert.size(), std::size_t{256});
    QCOMPARE(view.rankLoadView()->estimate().ranks, 64);
}

void TestAtScaleView::aBadFieldIsMarked_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("value");
    QTest::newRow("top-k over the experts") << QStringLiteral("moe.top_k") << 9;
    QTest::newRow("no hidden width") << QStringLiteral("hidden") << 0;
    QTest::newRow("ranks not dividing the experts") << QStringLiteral("ranks") << 3;
    QTest::newRow("ranks over the experts") << QStringLiteral("ranks") << 9;
    QTest::newRow("no context") << QStringLiteral("context") << 0;
}

void TestAtScaleView::aBadFieldIsMarked() {
    QFETCH(QString, field);
    QFETCH(int, value);
    AtScaleView view(nullptr);
    combo(view, "preset")->setCurrentText(QStringLiteral("mixtral-8x7b"));
    QVERIFY(view.errorText().isEmpty());
    auto* box = qobject_cast<QSpinBox*>(view.form()->field(field));
    QVERIFY(box);
    box->setValue(value);
    QVERIFY2(view.errorText().startsWith(field + QLatin1Char(':')), qPrintable(view.errorText()));
    QVERIFY(!view.form()->errorOf(field).isEmpty());
    box->setValue(field == QLatin1String("context") ? 4096 : field == QLatin1String("hidden") ? 4096 : 2);
    QVERIFY(view.errorText().isEmpty());
    QVERIFY(view.form()->errorOf(field).isEmpty());
}

void TestAtScaleView::scaleUpUsesTheTrainedLoads() {
    TrainingController c;
    AtScaleView view(&c);
    QVERIFY(!view.scaleUpButton()->isEnabled());
    QVERIFY(!view.scaleUp());
    moe::RunConfig config = moe::testing::tinyConfig(3, 32, moe::RunConfig{}.train.seed);
    config.model.experts = 4;
    config.model.topK = 2;
    testing::trainToTheEnd(c, testing::generate("spirals", 300), config);
    if (QTest::currentTestFailed()) return;
    QVERIFY(view.scaleUpButton()->isEnabled());
    QTest::mouseClick(view.scaleUpButton(), Qt::LeftButton);
    const std::vector<double> measured = c.result().routing.expertLoad;
    QCOMPARE(measured.size(), std::size_t{4});
    QCOMPARE(view.input().loads, measured);
    QCOMPARE(view.input().model.config.moe.experts, 4);
    QCOMPARE(view.input().model.config.moe.topK, 2);
    const AtScaleFigures& f = view.figures();
    QVERIFY2(f.ep.has_value(), qPrintable(f.error));
    const double sum = std::accumulate(measured.begin(), measured.end(), 0.0);
    for (std::size_t e = 0; e < 4; ++e) QVERIFY(std::abs(f.ep->expertLoad[e] - measured[e] / sum) < 1e-12);
    QVERIFY(view.input().routing.contains(QStringLiteral("trained")));
    QVERIFY(view.uniformButton()->isEnabled());
    view.uniformButton()->click();
    QVERIFY(view.input().loads.empty());
    for (double load : view.figures().ep->expertLoad) QCOMPARE(load, 0.25);
}

void TestAtScaleView::everyViewExports() {
    AtScaleView view(nullptr);
    view.resize(900, 1400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // MOE_KEEP_EXPORTS=1 keeps the files to look at them.
    if (qEnvironmentVariableIsSet("MOE_KEEP_EXPORTS")) {
        dir.setAutoRemove(false);
        qInfo("exports kept in %s", qPrintable(dir.path()));
    }
    const QList<QWidget*> views{view.splitView(), view.memoryView(), view.placementView(), view.rankLoadView(),
                                view.stepTimeView()};
    for (const char* preset : {"mixtral-8x7b", "deepseek-v3"}) {
        combo(view, "preset")->setCurrentText(QString::fromLatin1(preset));
        count(view, "ranks")->setValue(preset[0] == 'd' ? 64 : 8);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        for (QWidget* w : views) {
            const FigureExporter figure(w, w->objectName());
            const QImage image = figure.toImage(1.0);
            QVERIFY(!image.isNull());
            QVERIFY2(image.height() > 40, qPrintable(w->objectName()));
            QString error;
            const QString path = dir.filePath(QStringLiteral("%1-%2.png").arg(QLatin1String(preset), w->objectName()));
            QVERIFY2(figure.writePng(path, 2.0, &error), qPrintable(error));
            QVERIFY(!QImage(path).isNull());
        }
    }
}

void TestAtScaleView::usedOnlyOnceChanged() {
    AtScaleView view(nullptr);
    view.show();
    QVERIFY(!view.wasUsed());
    count(view, "ranks")->setValue(4);
    QVERIFY(view.wasUsed());
    QCOMPARE(view.input().ranks, 4);
}

QTEST_MAIN(TestAtScaleView)
#include "tst_at_scale_view.moc"
