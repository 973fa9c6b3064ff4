// Tests `moe train`: on bundled and CSV data, the JSON object of design.md's CONTRACT, the table,
// the metrics file, the same result on one and two threads, every router and mode of moe-spec, and
// block mode, running the `moe` executable as a user or a script runs it. Runs stay tiny: a few
// epochs on a few hundred rows.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "tests/cli/cli_process.h"

using moe::testing::kQuick;
using moe::testing::parseObject;
using moe::testing::Run;

class TestCliTrain : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void trainsOnBundledAndCsvData_data();
    void trainsOnBundledAndCsvData();
    void trainPrintsTheContractJson();
    void trainRegressionReportsR2();
    void trainPrintsATable();
    void sameTestLossWithOneAndTwoThreads();
    void trainWritesTheMetricsOfEveryEpoch_data();
    void trainWritesTheMetricsOfEveryEpoch();
    void diabetesTrainsForItsRecommendedEpochs();
    void everySpecRouterRunsOrIsNotAvailableYet_data();
    void everySpecRouterRunsOrIsNotAvailableYet();
    void blockModeReportsEveryLayer();

private:
    static void checkModelResult(const QJsonObject& r, bool classification, bool isMoe);
};

void TestCliTrain::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(moe::testing::writeCliCsvFiles(m_dir));
}

void TestCliTrain::checkModelResult(const QJsonObject& r, bool classification, bool isMoe) {
    if (classification) {
        QVERIFY(r.value("test_accuracy").isDouble());
        QVERIFY(!r.contains("test_r2"));
    } else {
        QVERIFY(r.value("test_r2").isDouble());
        QVERIFY(r.value("test_mse").isDouble());
        QVERIFY(!r.contains("test_accuracy"));
    }
    for (const char* key :
         {"test_loss", "train_seconds", "params_total", "params_active", "flops_per_sample"})
        QVERIFY2(r.value(key).isDouble(), key);
    QCOMPARE(r.contains("routing"), isMoe);
    if (!isMoe) {
        QCOMPARE(r.value("params_active").toDouble(), r.value("params_total").toDouble());
        return;
    }
    QVERIFY(r.value("params_active").toDouble() < r.value("params_total").toDouble());
    const QJsonObject routing = r.value("routing").toObject();
    for (const char* key :
         {"load_cv", "usage_entropy", "gate_entropy", "dropped_fraction", "experts_per_sample"})
        QVERIFY2(routing.value(key).isDouble(), key);
    double sum = 0.0;
    for (const QJsonValue& f : routing.value("expert_load").toArray()) sum += f.toDouble();
    QVERIFY2(std::abs(sum - 1.0) < 1e-9, qPrintable(QString::number(sum)));
}

void TestCliTrain::trainsOnBundledAndCsvData_data() {
    QTest::addColumn<QStringList>("data");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("classes");
    QTest::newRow("iris") << QStringList{"--data", "iris"} << "iris" << 150 << 4 << 3;
    QTest::newRow("wine") << QStringList{"--data", "wine"} << "wine" << 178 << 13 << 3;
    QTest::newRow("digits") << QStringList{"--data", "digits"} << "digits" << 1797 << 64 << 10;
    QTest::newRow("diabetes") << QStringList{"--data", "diabetes"} << "diabetes" << 442 << 10 << 0;
    QTest::newRow("R write.csv, label by name")
        << QStringList{"--data", "csv/r.csv", "--label", "kind"} << "r" << 60 << 2 << 2;
    QTest::newRow("European CSV, label by name")
        << QStringList{"--data", "csv/european.csv", "--label", "Art"} << "european" << 60 << 2
        << 2;
    QTest::newRow("label by number, forced regression")
        << QStringList{"--data", "csv/r.csv", "--label", "3", "--task", "regression"} << "r" << 60
        << 3 << 0;  // x 1, and kind one-hot (even, odd); the row names are ignored
}

void TestCliTrain::trainsOnBundledAndCsvData() {
    QFETCH(QStringList, data);
    QFETCH(QString, name);
    QFETCH(int, samples);
    QFETCH(int, features);
    QFETCH(int, classes);
    const Run r = moe(QStringList{"train"} + data + QStringList{"--epochs", "2", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject dataset = parseObject(r.out).value("dataset").toObject();
    QCOMPARE(dataset.value("name").toString(), name);
    QCOMPARE(dataset.value("samples").toInt(), samples);
    QCOMPARE(dataset.value("features").toInt(), features);
    QCOMPARE(dataset.value("classes").toInt(), classes);
}

void TestCliTrain::trainPrintsTheContractJson() {
    const Run r =
        moe(QStringList{"train", "--data", "spirals", "--experts", "4", "--top-k", "2", "--json"} +
            kQuick);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());  // not a terminal: no progress, no noise
    const QJsonObject j = parseObject(r.out);
    QVERIFY(!j.isEmpty());

    const QJsonObject dataset = j.value("dataset").toObject();
    QCOMPARE(dataset.value("name").toString(), QString("spirals"));
    QCOMPARE(dataset.value("samples").toInt(), 200);
    QCOMPARE(dataset.value("features").toInt(), 2);
    QCOMPARE(dataset.value("classes").toInt(), 2);

    const QJsonObject config = j.value("config").toObject();
    for (const char* key :
         {"experts", "top_k", "hidden", "router", "mode", "capacity_factor", "balance_loss",
          "z_loss", "epochs", "batch", "lr", "optimizer", "seed", "threads", "test_fraction"})
        QVERIFY2(config.contains(key), key);
    QCOMPARE(config.value("experts").toInt(), 4);
    QCOMPARE(config.value("top_k").toInt(), 2);
    QCOMPARE(config.value("epochs").toInt(), 3);
    QCOMPARE(config.value("router").toString(), QString("softmax-topk"));

    checkModelResult(j.value("moe").toObject(), true, true);
    checkModelResult(j.value("dense_equal_params").toObject(), true, false);
    checkModelResult(j.value("dense_equal_compute").toObject(), true, false);
    QCOMPARE(
        j.value("moe").toObject().value("routing").toObject().value("expert_load").toArray().size(),
        4);

    const double moeFlops = j.value("moe").toObject().value("flops_per_sample").toDouble();
    const double denseFlops =
        j.value("dense_equal_params").toObject().value("flops_per_sample").toDouble();
    const double saving =
        j.value("savings").toObject().value("flops_vs_dense_equal_params").toDouble();
    QVERIFY(std::abs(saving - (1.0 - moeFlops / denseFlops)) < 1e-12);
}

void TestCliTrain::trainRegressionReportsR2() {
    const Run r = moe(QStringList{"train", "--data", "piecewise", "--json"} + kQuick);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parseObject(r.out);
    QCOMPARE(j.value("dataset").toObject().value("classes").toInt(), 0);
    checkModelResult(j.value("moe").toObject(), false, true);
    checkModelResult(j.value("dense_equal_params").toObject(), false, false);
    checkModelResult(j.value("dense_equal_compute").toObject(), false, false);
}

void TestCliTrain::trainPrintsATable() {
    const Run r = moe(QStringList{"train", "--data", "blobs"} + kQuick);
    QCOMPARE(r.exitCode, 0);
    for (const char* row : {"MoE", "dense, equal params", "dense, equal compute", "FLOPs saved"})
        QVERIFY2(r.out.contains(row), row);
    QVERIFY(!r.out.trimmed().startsWith('{'));
}

void TestCliTrain::sameTestLossWithOneAndTwoThreads() {
    const QStringList base =
        QStringList{"train", "--data", "moons", "--experts", "4", "--top-k", "2", "--json"} +
        kQuick;
    const Run one = moe(base + QStringList{"--threads", "1"});
    const Run two = moe(base + QStringList{"--threads", "2"});
    QCOMPARE(one.exitCode, 0);
    QCOMPARE(two.exitCode, 0);
    const auto loss = [](const Run& r) {
        return parseObject(r.out).value("moe").toObject().value("test_loss").toDouble();
    };
    QCOMPARE(loss(one), loss(two));
}

void TestCliTrain::trainWritesTheMetricsOfEveryEpoch_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("csv") << "metrics.csv";
    QTest::newRow("json") << "metrics.JSON";
}

void TestCliTrain::trainWritesTheMetricsOfEveryEpoch() {
    QFETCH(QString, name);
    // In a subdirectory: saveEvalPredict counts the files of the top one.
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("metrics")));
    const QString path = m_dir.filePath(QStringLiteral("metrics/") + name);
    const Run train = moe(QStringList{"train", "--data", "blobs", "--metrics", path, "--json"} + kQuick);
    QCOMPARE(train.exitCode, 0);
    const QJsonObject summary = parseObject(train.out);
    QCOMPARE(summary.value("metrics_file").toString(), path);
    const int epochs = summary.value("epochs_completed").toInt();
    QVERIFY(epochs >= 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    int rows = 0;
    if (name.endsWith(QLatin1String(".csv"))) {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        const qsizetype columns = lines.first().split(',').size();
        QVERIFY(lines.first().startsWith("epoch,elapsed_seconds,moe_train_loss,moe_test_loss,moe_test_accuracy"));
        for (const QByteArray& line : lines) QCOMPARE(line.split(',').size(), columns);
        rows = int(lines.size()) - 1;
        QCOMPARE(lines.last().split(',').first().toInt(), epochs);
    } else {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray list = doc.object().value("epochs").toArray();
        rows = int(list.size());
        QCOMPARE(list.last().toObject().value("moe").toObject().value("test_loss").toDouble(),
                 summary.value("moe").toObject().value("test_loss").toDouble());
    }
    // Every epoch, and the untrained start (epoch 0) when the run reports it.
    QVERIFY2(rows == epochs || rows == epochs + 1, qPrintable(QString::number(rows)));
}

void TestCliTrain::diabetesTrainsForItsRecommendedEpochs() {
    // 200 epochs overfit diabetes' 354 training rows (test R^2 -0.01, 0.21, 0.27); it trains for 10
    // unless --epochs says otherwise, and says so on stderr.
    const Run r = moe({"train", "--data", "diabetes", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parseObject(r.out);
    QCOMPARE(j.value("config").toObject().value("epochs").toInt(), 10);
    QVERIFY2(r.err.contains("10 epochs, the dataset's recommended training"), r.err.constData());
    for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"}) {
        const double r2 = j.value(model).toObject().value("test_r2").toDouble();
        QVERIFY2(r2 > 0.3, qPrintable(QStringLiteral("%1: R^2 %2").arg(model).arg(r2)));
    }
    const Run chosen = moe({"train", "--data", "diabetes", "--epochs", "2", "--json"});
    QCOMPARE(chosen.exitCode, 0);
    QCOMPARE(parseObject(chosen.out).value("config").toObject().value("epochs").toInt(), 2);
    QVERIFY(chosen.err.isEmpty());
}

void TestCliTrain::everySpecRouterRunsOrIsNotAvailableYet_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("name");
    for (const char* router : {"dense", "softmax-topk", "switch", "noisy-topk", "expert-choice",
                               "top-p", "sigmoid-bias", "hash"})
        QTest::newRow(router) << "--router" << router;
    for (const char* mode : {"mixture", "block"}) QTest::newRow(mode) << "--mode" << mode;
}

void TestCliTrain::everySpecRouterRunsOrIsNotAvailableYet() {
    // moe-spec names these; the build either trains with one or says it is not there yet.
    QFETCH(QString, option);
    QFETCH(QString, name);
    const QString topK = name == "switch" ? "1" : "2";  // switch routes to exactly one expert
    const Run r = moe({"train", "--data", "blobs", option, name, "--experts", "4", "--top-k", topK,
                       "--samples", "100", "--epochs", "1", "--json"});
    QVERIFY(!r.crashed);
    if (r.exitCode == 0) {
        const QJsonObject config = parseObject(r.out).value("config").toObject();
        QCOMPARE(config.value(option.mid(2)).toString(), name);
        return;
    }
    QCOMPARE(r.exitCode, 2);
    const QByteArray expected =
        ("moe: " + option + ": '" + name + "' is not available yet (available: ").toUtf8();
    QVERIFY2(r.err.startsWith(expected), r.err.constData());
    QVERIFY2(r.err.endsWith(")\n") && r.err.count('\n') == 1, r.err.constData());
}

void TestCliTrain::blockModeReportsEveryLayer() {
    const QString model = m_dir.filePath("block.json");
    const Run train =
        moe(QStringList{"train", "--data", "moons", "--mode", "block", "--layers", "2", "--experts",
                        "3", "--top-k", "2", "--save", model, "--json"} +
            kQuick);
    QCOMPARE(train.exitCode, 0);
    const QJsonObject moeResult = parseObject(train.out).value("moe").toObject();
    checkModelResult(moeResult, true, true);
    QCOMPARE(moeResult.value("routing_layers").toArray().size(), 2);

    const Run eval = moe({"eval", "--model", model, "--data", "moons", "--json"});
    QCOMPARE(eval.exitCode, 0);
    const QJsonObject j = parseObject(eval.out);
    QCOMPARE(j.value("config").toObject().value("mode").toString(), QString("block"));
    const QJsonArray layers = j.value("moe").toObject().value("routing_layers").toArray();
    QCOMPARE(layers.size(), 2);
    for (const QJsonValue& layer : layers)
        QCOMPARE(layer.toObject().value("expert_load").toArray().size(), 3);

    const Run predict = moe({"predict", "--model", model, "--data", "moons", "--samples", "12"});
    QCOMPARE(predict.exitCode, 0);
    QCOMPARE(predict.out.trimmed().split('\n').size(), 13);
}

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
