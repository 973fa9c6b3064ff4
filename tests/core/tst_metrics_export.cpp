// Tests core/io/metrics_export.*: the CSV reads back with one row per epoch, as many cells
// as the header, and the very numbers of the history; the JSON parses with the same; bad
// destinations are refused without a file.
#include "core/data/generators.h"
#include "core/io/metrics_export.h"
#include "core/train/experiment.h"
#include "tests/support/experiment_fixtures.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace moe;

class TestMetricsExport : public QObject {
    Q_OBJECT
private slots:
    void csvReadsBack_data();
    void csvReadsBack();
    void jsonParsesWithTheSameNumbers_data();
    void jsonParsesWithTheSameNumbers();
    void writesByTheSuffix();
    void badDestinationsLeaveNoFile();

private:
    static std::vector<EpochSnapshot> train(const QString& dataset, int layers);
    static void addRows();
};

namespace {

using Quiet = testing::RunToTheEnd;

// The CSV as a header and rows of cells (the writer never quotes: no cell has a comma).
struct Table {
    QStringList header;
    QList<QStringList> rows;
    QString at(qsizetype row, const QString& column) const { return rows[row][header.indexOf(column)]; }
};

Table parse(const std::string& csv) {
    Table t;
    QStringList lines = QString::fromStdString(csv).split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
    t.header = lines.takeFirst().split(',');
    for (const QString& line : lines) t.rows << line.split(',');
    return t;
}

}  // namespace

std::vector<EpochSnapshot> TestMetricsExport::train(const QString& dataset, int layers) {
    GeneratorParams p;
    p.name = dataset.toStdString();
    p.samples = 200;
    const Dataset data = generateDataset(p).value();
    RunConfig c;
    c.model.experts = 3;
    c.model.topK = 2;
    if (layers > 1) {
        c.model.mode = MoeMode::Block;
        c.model.layers = layers;
    }
    c.train.epochs = 3;
    c.train.batch = 50;
    auto e = Experiment::create(data, c);
    if (!e.ok()) qFatal("%s", e.error().c_str());
    Quiet quiet;
    e.value()->run(quiet);
    return e.value()->history();
}

void TestMetricsExport::addRows() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("regression");
    QTest::newRow("classification") << "blobs" << 1 << false;
    QTest::newRow("regression") << "piecewise" << 1 << true;
    QTest::newRow("two blocks") << "moons" << 2 << false;
}

void TestMetricsExport::csvReadsBack_data() { addRows(); }

void TestMetricsExport::csvReadsBack() {
    QFETCH(QString, dataset);
    QFETCH(int, layers);
    QFETCH(bool, regression);
    const std::vector<EpochSnapshot> history = train(dataset, layers);
    QVERIFY(history.size() >= 3);
    const Task task = regression ? Task::Regression : Task::Classification;
    const Table t = parse(metricsToCsv(history, task));

    QCOMPARE(t.rows.size(), qsizetype(history.size()));
    for (const QStringList& row : t.rows) QCOMPARE(row.size(), t.header.size());
    QCOMPARE(t.header.first(), QStringLiteral("epoch"));
    QCOMPARE(t.header.contains("moe_test_accuracy"), !regression);
    QCOMPARE(t.header.contains("dense_equal_compute_test_r2"), regression);
    QCOMPARE(t.header.contains("class_expert_nmi"), !regression);
    QVERIFY(t.header.contains("expert_load_3") && !t.header.contains("expert_load_4"));
    QCOMPARE(t.header.contains("layer2_load_cv"), layers == 2);
    QStringList unique = t.header;
    QCOMPARE(unique.removeDuplicates(), 0);

    for (std::size_t i = 0; i < history.size(); ++i) {
        const EpochSnapshot& s = history[i];
        const auto r = qsizetype(i);
        QCOMPARE(t.at(r, "epoch").toInt(), s.epoch);
        // Shortest round-trip text: the very same doubles come back.
        QCOMPARE(t.at(r, "moe_test_loss").toDouble(), s.moe.testLoss);
        QCOMPARE(t.at(r, "dense_equal_params_train_seconds").toDouble(), s.denseEqualParams.trainSeconds);
        if (regression)
            QCOMPARE(t.at(r, "dense_equal_compute_test_r2").toDouble(), s.denseEqualCompute.testR2);
        else
            QCOMPARE(t.at(r, "moe_test_accuracy").toDouble(), s.moe.testAccuracy);
        QCOMPARE(t.at(r, "load_cv").toDouble(), s.routing.loadCv);
        for (int e = 0; e < 3; ++e) {
            QCOMPARE(t.at(r, QStringLiteral("expert_load_%1").arg(e + 1)).toDouble(), s.routing.expertLoad[std::size_t(e)]);
            QCOMPARE(t.at(r, QStringLiteral("mean_gate_%1").arg(e + 1)).toDouble(), s.routing.meanGate[std::size_t(e)]);
        }
        if (layers == 2) QCOMPARE(t.at(r, "layer2_gate_entropy").toDouble(), s.layers[1].gateEntropy);
        // The validation split's scores and the epoch each model would keep (docs/metrics-format.md).
        if (r > 0) QCOMPARE(t.at(r, "moe_validation_loss").toDouble(), s.moe.validationLoss);
        if (r > 0)
            QCOMPARE(t.at(r, regression ? "dense_equal_params_validation_r2" : "dense_equal_params_validation_accuracy")
                     .toDouble(),
                 regression ? s.denseEqualParams.validationR2 : s.denseEqualParams.validationAccuracy);
        QCOMPARE(t.at(r, "dense_equal_compute_best_epoch").toInt(), s.denseEqualCompute.bestEpoch);
        // A metric that does not apply is an empty cell, not "nan".
        if (std::isnan(s.moe.trainLoss)) QVERIFY(t.at(r, "moe_train_loss").isEmpty());
    }
}

void TestMetricsExport::jsonParsesWithTheSameNumbers_data() { addRows(); }

void TestMetricsExport::jsonParsesWithTheSameNumbers() {
    QFETCH(QString, dataset);
    QFETCH(int, layers);
    QFETCH(bool, regression);
    const std::vector<EpochSnapshot> history = train(dataset, layers);
    const Task task = regression ? Task::Regression : Task::Classification;
    QTemporaryDir dir;
    const std::string path = dir.filePath("metrics.json").toStdString();
    const Status s = writeMetricsFile(path, history, task);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().c_str());
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto j = nlohmann::json::parse(file.readAll().toStdString());
    QCOMPARE(j.at("format").get<std::string>(), std::string("moe-explorer-metrics"));
    QCOMPARE(j.at("version").get<int>(), 1);
    QCOMPARE(j.at("task").get<std::string>(), std::string(regression ? "regression" : "classification"));
    QCOMPARE(j.at("epochs").size(), history.size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        const auto& e = j.at("epochs")[i];
        QCOMPARE(e.at("epoch").get<int>(), history[i].epoch);
        QCOMPARE(e.at("moe").at("test_loss").get<double>(), history[i].moe.testLoss);
        QCOMPARE(e.at("routing").at("expert_load").get<std::vector<double>>(), history[i].routing.expertLoad);
        QCOMPARE(e.contains("routing_layers"), layers == 2);
        if (std::isnan(history[i].moe.trainLoss)) QVERIFY(e.at("moe").at("train_loss").is_null());
        const auto& dense = e.at("dense_equal_compute");
        if (i > 0) QCOMPARE(dense.at("validation_loss").get<double>(), history[i].denseEqualCompute.validationLoss);
        QCOMPARE(dense.at("best_epoch").get<int>(), history[i].denseEqualCompute.bestEpoch);
        QCOMPARE(dense.at("stopped_early").get<bool>(), history[i].denseEqualCompute.stoppedEarly);
        QCOMPARE(dense.at("diverged").get<bool>(), false);
    }
}

void TestMetricsExport::writesByTheSuffix() {
    const std::vector<EpochSnapshot> history = train(QStringLiteral("blobs"), 1);
    QTemporaryDir dir;
    const std::string csv = dir.filePath("m.CSV").toStdString();
    QVERIFY(writeMetricsFile(csv, history, Task::Classification).ok());
    QFile file(QString::fromStdString(csv));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().toStdString(), metricsToCsv(history, Task::Classification));
}

void TestMetricsExport::badDestinationsLeaveNoFile() {
    const std::vector<EpochSnapshot> history = train(QStringLiteral("blobs"), 1);
    QTemporaryDir dir;
    const std::string txt = dir.filePath("metrics.txt").toStdString();
    Status s = writeMetricsFile(txt, history, Task::Classification);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find(".csv or .json") != std::string::npos, s.error().c_str());
    const std::string missing = dir.filePath("no/such/folder/metrics.csv").toStdString();
    s = writeMetricsFile(missing, history, Task::Classification);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find(missing) != std::string::npos, s.error().c_str());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size(), 0);
}

QTEST_GUILESS_MAIN(TestMetricsExport)
#include "tst_metrics_export.moc"
