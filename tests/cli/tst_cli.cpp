// Tests the `moe` executable end to end, as a user or a script runs it: exit codes, the
// JSON objects of design.md's CONTRACT, the CSV of predict, and one clear stderr line
// (exit 2) for every kind of bad input. Runs stay tiny: a few epochs on a few hundred rows.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <string>

#ifndef MOE_CLI_PATH
#error "MOE_CLI_PATH must name the built moe executable"
#endif

namespace {

struct Run {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

// Quick settings every training run in this file uses.
const QStringList kQuick{"--samples", "200", "--epochs", "3", "--batch", "64"};

QJsonObject parseObject(const QByteArray& text) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("not one JSON object: %s\n%s", qPrintable(error.errorString()), text.constData());
        return {};
    }
    return doc.object();
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void datasetsListsTheBuiltIns();
    void trainsOnBundledAndCsvData_data();
    void trainsOnBundledAndCsvData();
    void helpExitsZero();
    void trainPrintsTheContractJson();
    void trainRegressionReportsR2();
    void trainPrintsATable();
    void sameTestLossWithOneAndTwoThreads();
    void saveEvalPredict();
    void trainWritesTheMetricsOfEveryEpoch_data();
    void trainWritesTheMetricsOfEveryEpoch();
    void predictMatchesCsvColumnsByName();
    void diabetesTrainsForItsRecommendedEpochs();
    void trainWritesTheReportWithoutAWindow_data();
    void trainWritesTheReportWithoutAWindow();
    void blockModeReportsEveryLayer();
    void benchPrintsTheContractJson();
    void everySpecRouterRunsOrIsNotAvailableYet_data();
    void everySpecRouterRunsOrIsNotAvailableYet();
    void badInputExitsTwoWithOneLine_data();
    void badInputExitsTwoWithOneLine();
    void corruptModelFilesAreRefused_data();
    void corruptModelFilesAreRefused();

private:
    Run moe(const QStringList& args) const;
    static void checkModelResult(const QJsonObject& r, bool classification, bool isMoe);

    QTemporaryDir m_dir;
    QString m_model;  ///< a model saved by saveEvalPredict, for the corrupt-file tests
};

Run TestCli::moe(const QStringList& args) const {
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral(MOE_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        qWarning("moe %s did not finish", qPrintable(args.join(' ')));
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestCli::initTestCase() {
    QVERIFY(m_dir.isValid());
    // CSV files for the CSV cases: as R's write.csv and European spreadsheets write them,
    // and broken in each way the reader reports with file:line:column.
    // In a subdirectory: saveEvalPredict checks that saving leaves nothing but the model.
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("csv")));
    auto write = [this](const char* name, const QByteArray& bytes) {
        QFile f(m_dir.filePath(QStringLiteral("csv/") + QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    };
    QByteArray r("\"\",\"x 1\",\"x 2\",\"kind\"\n");
    QByteArray eu(
        "\xEF\xBB\xBF\"Gr\xC3\xB6\xC3\x9F"
        "e\";\"Dichte\";\"Art\"\r\n");
    for (int i = 0; i < 60; ++i) {
        const QByteArray a = QByteArray::number(i % 3), b = QByteArray::number(i % 7);
        r += "\"" + QByteArray::number(i + 1) + "\"," + a + ".5," + b + ",\"" +
             (i % 2 ? "odd" : "even") + "\"\n";
        eu += a + ",25;" + b + ",5;" + (i % 2 ? "ungerade" : "gerade") + "\r\n";
    }
    write("r.csv", r);
    QByteArray script("\"<script>alert(1)</script>\",b,kind\n");
    for (int i = 0; i < 80; ++i)
        script += QByteArray::number(i % 5) + "," + QByteArray::number((i * 7) % 11) + "," + (i % 2 ? "x" : "y") + "\n";
    write("script.csv", script);
    write("european.csv", eu);
    write("ragged.csv", "a,b,y\n1,2,0\n3,4,1,9\n");
    write("unterminated.csv", "a,b,y\n1,2,0\n3,\"4,1\n");
    write("empty.csv", "");
    write("header.csv", "a,b,y\n");
    write("single.csv", "a\n1\n2\n");
    write("oneclass.csv", "a,b,y\n1,2,x\n3,4,x\n");
    write("infinite.csv", "a,b,y\n1,2,0\n-inf,4,1\n");
    write("binary.csv", QByteArray("\x7f"
                                   "ELF\x02\x01\x01\0\0\0",
                                   10));
    QByteArray late("a,b,y\n");
    for (int i = 0; i < 1100; ++i) late += "1,2,0\n3,4,1\n";
    write("late.csv", late + "5,six,1\n");
}

void TestCli::datasetsListsTheBuiltIns() {
    const Run table = moe({"datasets"});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("spirals"));

    const Run r = moe({"datasets", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QJsonArray list = parseObject(r.out).value("datasets").toArray();
    QStringList names;
    for (const QJsonValue& v : list) {
        const QJsonObject d = v.toObject();
        names << d.value("name").toString();
        for (const char* key : {"source", "task", "features", "classes", "description"})
            QVERIFY2(d.contains(key), key);
        if (d.value("source").toString() == "built-in")
            QVERIFY(d.contains("default_noise"));
        else
            QCOMPARE(d.value("source").toString(), QStringLiteral("bundled"));
    }
    for (const char* expected : {"spirals", "blobs", "moons", "circles", "checkerboard", "xor",
                                 "piecewise", "iris", "wine", "digits", "diabetes"})
        QVERIFY2(names.contains(expected), expected);
    QVERIFY(table.out.contains("digits"));
}

void TestCli::trainsOnBundledAndCsvData_data() {
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

void TestCli::trainsOnBundledAndCsvData() {
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

void TestCli::helpExitsZero() {
    for (const QStringList& args : {QStringList{"--help"}, QStringList{"train", "--help"}}) {
        const Run r = moe(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage"));
    }
}

void TestCli::checkModelResult(const QJsonObject& r, bool classification, bool isMoe) {
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

void TestCli::trainPrintsTheContractJson() {
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

void TestCli::trainRegressionReportsR2() {
    const Run r = moe(QStringList{"train", "--data", "piecewise", "--json"} + kQuick);
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parseObject(r.out);
    QCOMPARE(j.value("dataset").toObject().value("classes").toInt(), 0);
    checkModelResult(j.value("moe").toObject(), false, true);
    checkModelResult(j.value("dense_equal_params").toObject(), false, false);
    checkModelResult(j.value("dense_equal_compute").toObject(), false, false);
}

void TestCli::trainPrintsATable() {
    const Run r = moe(QStringList{"train", "--data", "blobs"} + kQuick);
    QCOMPARE(r.exitCode, 0);
    for (const char* row : {"MoE", "dense, equal params", "dense, equal compute", "FLOPs saved"})
        QVERIFY2(r.out.contains(row), row);
    QVERIFY(!r.out.trimmed().startsWith('{'));
}

void TestCli::sameTestLossWithOneAndTwoThreads() {
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

void TestCli::trainWritesTheMetricsOfEveryEpoch_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("csv") << "metrics.csv";
    QTest::newRow("json") << "metrics.JSON";
}

void TestCli::trainWritesTheMetricsOfEveryEpoch() {
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

void TestCli::trainWritesTheReportWithoutAWindow_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("data");
    QTest::addColumn<QStringList>("origin");  // what the HTML says of where the data came from
    // A column named like a script: the report must show it, not run it.
    const QStringList csv{"--data", "csv/script.csv"};
    QTest::newRow("html") << "report.html" << csv
                          << QStringList{"the CSV file <span class=path>csv/script.csv</span>", "label: the last column"};
    QTest::newRow("pdf") << "report.pdf" << csv << QStringList{};
    QTest::newRow("generated html") << "generated.html"
                                    << QStringList{"--data", "moons", "--samples", "160", "--data-seed", "7"}
                                    << QStringList{"built-in <b>moons</b> generator: 160 samples", "seed 7"};
}

void TestCli::trainWritesTheReportWithoutAWindow() {
    QFETCH(QString, name);
    QFETCH(QStringList, data);
    QFETCH(QStringList, origin);
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("reports")));
    const QString path = m_dir.filePath(QStringLiteral("reports/") + name);
    const Run train = moe(QStringList{"train"} + data + QStringList{"--report", path, "--json", "--epochs", "3"});
    if (!MOE_CLI_HAS_REPORT) {
        // A build without the GUI library cannot draw the report: it must say so and write nothing.
        QCOMPARE(train.exitCode, 2);
        QVERIFY2(train.err.contains("this build has no GUI"), train.err.constData());
        QVERIFY(!QFile::exists(path));
        return;
    }
    QVERIFY2(train.exitCode == 0, train.err.constData());
    QVERIFY2(train.err.isEmpty(), train.err.constData());  // no platform chatter
    QCOMPARE(parseObject(train.out).value("report_file").toString(), path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (name.endsWith(QLatin1String(".pdf"))) {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("/Type /Page"));
    } else {
        // Curves, territory, load, specialisation, gate matrix, cost, Pareto.
        QCOMPARE(bytes.count("<img src=\"data:image/png;base64,"), 7);
        QVERIFY(!bytes.contains("<script>"));
        if (data.contains("csv/script.csv")) QVERIFY(bytes.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        for (const QString& text : origin) QVERIFY2(bytes.contains(text.toUtf8()), qPrintable(text));
    }
}

void TestCli::saveEvalPredict() {
    m_model = m_dir.filePath("model.json");
    const Run train = moe(QStringList{"train", "--data", "spirals", "--experts", "3", "--top-k",
                                      "2", "--save", m_model, "--json"} +
                          kQuick);
    QCOMPARE(train.exitCode, 0);
    QCOMPARE(parseObject(train.out).value("model_file").toString(), m_model);
    QVERIFY(QFile::exists(m_model));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), QStringList{"model.json"});

    const Run eval =
        moe({"eval", "--model", m_model, "--data", "spirals", "--samples", "150", "--json"});
    QCOMPARE(eval.exitCode, 0);
    const QJsonObject j = parseObject(eval.out);
    QCOMPARE(j.value("dataset").toObject().value("samples").toInt(), 150);
    QCOMPARE(j.value("config").toObject().value("experts").toInt(), 3);
    const QJsonObject m = j.value("moe").toObject();
    QVERIFY(m.value("test_accuracy").isDouble());
    QVERIFY(m.value("test_loss").isDouble());
    QCOMPARE(m.value("routing").toObject().value("expert_load").toArray().size(), 3);

    const Run text = moe({"eval", "--model", m_model, "--data", "spirals"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("accuracy"));

    const Run predict =
        moe({"predict", "--model", m_model, "--data", "spirals", "--samples", "20", "--gates"});
    QCOMPARE(predict.exitCode, 0);
    const QList<QByteArray> lines = predict.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 21);
    QCOMPARE(lines[0], QByteArray("index,x1,x2,predicted,probability,expert,gate_0,gate_1,gate_2"));
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cells = lines[i].split(',');
        QCOMPARE(cells.size(), 9);
        QCOMPARE(cells[0].toInt(), i - 1);
        double sum = 0.0;
        for (int g = 6; g < 9; ++g) sum += cells[g].toDouble();
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
    }
    const Run plain = moe({"predict", "--model", m_model, "--data", "spirals", "--samples", "20"});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(!plain.out.contains("gate_0"));
}

void TestCli::predictMatchesCsvColumnsByName() {
    // Trained on size, colour (one-hot: blue, green, red) and weight, with the label last.
    QByteArray train("size,colour,weight,kind\n");
    for (int i = 0; i < 90; ++i) {
        const char* colour[] = {"red", "green", "blue"};
        train += QByteArray::number(i % 5) + "," + colour[i % 3] + "," + QByteArray::number(10 + i % 4) + "," +
                 (i % 2 ? "heavy" : "light") + "\n";
    }
    auto write = [this](const char* name, const QByteArray& bytes) {
        QFile f(m_dir.filePath(QStringLiteral("csv/") + QString::fromLatin1(name)));
        if (f.open(QIODevice::WriteOnly)) f.write(bytes);
        return QStringLiteral("csv/") + QString::fromLatin1(name);
    };
    const QString model = m_dir.filePath("csv/fruit-model.json");
    const Run trained = moe({"train", "--data", write("fruit.csv", train), "--label", "kind", "--epochs", "2",
                             "--save", model});
    QVERIFY2(trained.exitCode == 0, trained.err.constData());

    // Only the features, in another order, without the label and without one colour.
    const QString rows = write("rows.csv", "weight,size,colour\n11,2,red\n13,4,green\n10,0,red\n");
    const Run p = moe({"predict", "--model", model, "--data", rows});
    QVERIFY2(p.exitCode == 0, p.err.constData());
    const QList<QByteArray> lines = p.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QByteArray("index,size,colour=blue,colour=green,colour=red,weight,predicted,probability,expert"));
    QCOMPARE(lines[1].left(lines[1].indexOf(",light") < 0 ? lines[1].indexOf(",heavy") : lines[1].indexOf(",light")),
             QByteArray("0,2,0,0,1,11"));
    QCOMPARE(lines[2].left(12), QByteArray("1,4,0,1,0,13"));
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY2(lines[i].contains(",light,") || lines[i].contains(",heavy,"), lines[i].constData());

    // The training file itself: its label column is not a feature, and is said to be ignored.
    const Run same = moe({"predict", "--model", model, "--data", "csv/fruit.csv"});
    QCOMPARE(same.exitCode, 0);
    QCOMPARE(same.out.trimmed().split('\n').size(), 91);
    QVERIFY2(same.err.contains("column kind is not among the model's features: ignored"), same.err.constData());
    // eval on the reordered file with its label.
    const Run eval = moe({"eval", "--model", model, "--data",
                          write("labelled.csv", "kind,weight,colour,size\nlight,10,red,0\nheavy,11,green,1\n"),
                          "--label", "kind", "--json"});
    QVERIFY2(eval.exitCode == 0, eval.err.constData());
    QVERIFY(parseObject(eval.out).value("moe").toObject().value("test_accuracy").isDouble());

    // Columns that do not match: one line saying what is wrong.
    struct Bad {
        QByteArray csv;
        const char* expected;
    };
    const Bad bad[] = {
        {"size,colour\n1,red\n2,blue\n",
         "rows.csv: the model needs the feature column weight, which the file does not have (its columns: size, colour)"},
        {"size,colour,weight\n1,purple,10\n",
         "rows.csv: column 'colour' holds 'purple', a category the model was not trained on"},
        {"1,2\n3,4\n", "rows.csv: the file has no header row, so its columns are taken in order: the model needs 5"},
    };
    for (const Bad& b : bad) {
        write("rows.csv", b.csv);
        const Run r = moe({"predict", "--model", model, "--data", "csv/rows.csv"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.count('\n') == 1 && r.err.contains(b.expected), r.err.constData());
    }
    // Without a header and with exactly the model's features, columns are taken in order.
    const QString numeric = m_dir.filePath("csv/r-model.json");
    QCOMPARE(moe({"train", "--data", "csv/r.csv", "--label", "kind", "--epochs", "1", "--save", numeric}).exitCode, 0);
    const Run positional = moe({"predict", "--model", numeric, "--data", write("plain.csv", "1.5,3\n2.5,4\n")});
    QVERIFY2(positional.exitCode == 0, positional.err.constData());
    QCOMPARE(positional.out.trimmed().split('\n').size(), 3);
}

void TestCli::diabetesTrainsForItsRecommendedEpochs() {
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

void TestCli::everySpecRouterRunsOrIsNotAvailableYet_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("name");
    for (const char* router : {"dense", "softmax-topk", "switch", "noisy-topk", "expert-choice",
                               "top-p", "sigmoid-bias", "hash"})
        QTest::newRow(router) << "--router" << router;
    for (const char* mode : {"mixture", "block"}) QTest::newRow(mode) << "--mode" << mode;
}

void TestCli::everySpecRouterRunsOrIsNotAvailableYet() {
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

void TestCli::blockModeReportsEveryLayer() {
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

void TestCli::benchPrintsTheContractJson() {
    // A tiny configuration and a short timing window: this checks the keys, not the speed.
    const Run r = moe({"bench", "--dim", "4", "--experts", "4", "--hidden", "8", "--top-k", "2",
                       "--classes", "3", "--batch", "32", "--threads", "1", "--min-time",
                       "0.01", "--repeats", "1", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject j = parseObject(r.out);
    const QJsonObject config = j.value("config").toObject();
    QCOMPARE(config.value("experts").toInt(), 4);
    QCOMPARE(config.value("batch").toInt(), 32);
    QCOMPARE(config.value("threads").toInt(), 1);
    for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"}) {
        const QJsonObject m = j.value(model).toObject();
        for (const char* key :
             {"infer_samples_per_s", "train_samples_per_s", "flops_per_sample", "gflops"})
            QVERIFY2(m.value(key).toDouble() > 0.0, (std::string(model) + "." + key).c_str());
    }
    for (const char* key : {"theoretical_speedup", "measured_speedup", "reference_gemm_gflops"})
        QVERIFY2(j.value(key).toDouble() > 0.0, key);
    const double theoretical =
        j.value("dense_equal_params").toObject().value("flops_per_sample").toDouble() /
        j.value("moe").toObject().value("flops_per_sample").toDouble();
    QVERIFY(std::abs(j.value("theoretical_speedup").toDouble() - theoretical) < 1e-9);
}

void TestCli::badInputExitsTwoWithOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QStringList train{"train", "--data", "spirals"};
    QTest::newRow("unknown dataset")
        << QStringList{"train", "--data", "nosuch"} << "moe: --data: unknown dataset 'nosuch'";
    QTest::newRow("missing csv") << QStringList{"train", "--data", "points.csv"}
                                 << "moe: --data: no such file 'points.csv'";
    const QStringList csv{"train", "--data"};
    QTest::newRow("csv ragged") << csv + QStringList{"csv/ragged.csv"}
                                << "moe: csv/ragged.csv:3:4: ";
    QTest::newRow("csv unterminated quote") << csv + QStringList{"csv/unterminated.csv"}
                                            << "moe: csv/unterminated.csv:3:2: unterminated quote";
    QTest::newRow("csv text in a numeric column")
        << csv + QStringList{"csv/late.csv"} << "moe: csv/late.csv:2202:2: 'six' is not a number";
    QTest::newRow("csv empty") << csv + QStringList{"csv/empty.csv"} << "moe: csv/empty.csv:1:1: ";
    QTest::newRow("csv header only")
        << csv + QStringList{"csv/header.csv"} << "moe: csv/header.csv:2:1: ";
    QTest::newRow("csv one column")
        << csv + QStringList{"csv/single.csv"} << "moe: csv/single.csv:1:1: ";
    QTest::newRow("csv one class")
        << csv + QStringList{"csv/oneclass.csv"}
        << "moe: csv/oneclass.csv:2:3: the label column 'y' has one class";
    QTest::newRow("csv infinite") << csv + QStringList{"csv/infinite.csv"}
                                  << "moe: csv/infinite.csv:3:1: '-inf' is not a finite number";
    QTest::newRow("csv binary") << csv + QStringList{"csv/binary.csv"}
                                << "moe: csv/binary.csv:1:1: not a text file";
    QTest::newRow("csv unknown label") << csv + QStringList{"csv/r.csv", "--label", "nope"}
                                       << "moe: csv/r.csv: no column named 'nope'";
    QTest::newRow("csv bad task") << csv + QStringList{"csv/r.csv", "--task", "ranking"}
                                  << "moe: --task: must be";
    QTest::newRow("bundled with --samples")
        << csv + QStringList{"iris", "--samples", "50"}
        << "moe: --samples: only for the built-in generators; 'iris' is a bundled dataset of 150 rows";
    QTest::newRow("csv with --data-seed and --noise")
        << csv + QStringList{"csv/r.csv", "--data-seed", "3", "--noise", "0.1"}
        << "moe: --noise, --data-seed: only for the built-in generators; a CSV file is used whole";
    QTest::newRow("bundled with --label")
        << csv + QStringList{"iris", "--label", "species"} << "moe: --label: 'iris' is a bundled";
    QTest::newRow("experts 0") << train + QStringList{"--experts", "0"} << "moe: --experts:";
    QTest::newRow("top-k above experts")
        << train + QStringList{"--experts", "4", "--top-k", "5"}
        << "moe: --top-k: cannot exceed the number of experts (4), got 5";
    QTest::newRow("lr 0") << train + QStringList{"--lr", "0"} << "moe: --lr:";
    QTest::newRow("lr negative") << train + QStringList{"--lr", "-0.5"} << "moe: --lr:";
    QTest::newRow("epochs 0") << train + QStringList{"--epochs", "0"} << "moe: --epochs:";
    QTest::newRow("router unknown")
        << train + QStringList{"--router", "magic"} << "moe: --router: unknown router 'magic'";
    QTest::newRow("mode unknown") << train + QStringList{"--mode", "stacked"}
                                  << "moe: --mode: unknown mode 'stacked'";
    QTest::newRow("optimizer unknown")
        << train + QStringList{"--optimizer", "lbfgs"} << "moe: --optimizer:";
    QTest::newRow("not a number") << train + QStringList{"--experts", "four"} << "--experts";
    QTest::newRow("negative seed") << train + QStringList{"--seed", "-3"} << "moe: --seed:";
    QTest::newRow("samples too few") << train + QStringList{"--samples", "3"} << "moe: --samples:";
    QTest::newRow("unknown option") << train + QStringList{"--bogus"} << "--bogus";
    QTest::newRow("missing --data") << QStringList{"train"} << "--data";
    QTest::newRow("no command") << QStringList{} << "moe: a command is required";
    QTest::newRow("unknown command") << QStringList{"fly"} << "fly";
    QTest::newRow("save into a missing directory")
        << train + QStringList{"--save", "no-such-dir/m.json"} << "moe: --save:";
    QTest::newRow("metrics of another type")
        << train + QStringList{"--metrics", "metrics.txt"} << "moe: --metrics: 'metrics.txt' must end in .csv or .json";
    QTest::newRow("metrics into a missing directory")
        << train + QStringList{"--metrics", "no-such-dir/m.csv"} << "moe: --metrics: directory";
    if (MOE_CLI_HAS_REPORT)
        QTest::newRow("report of another type")
            << train + QStringList{"--report", "r.docx"} << "moe: --report: 'r.docx' must end in .html or .pdf";
    QTest::newRow("eval without a model file")
        << QStringList{"eval", "--model", "absent.json", "--data", "spirals"}
        << "moe: absent.json: cannot open";
    QTest::newRow("bench unknown preset") << QStringList{"bench", "--config", "huge"} << "--config";
    QTest::newRow("bench one class") << QStringList{"bench", "--classes", "1"} << "moe: --classes:";
    QTest::newRow("bench top-k above experts")
        << QStringList{"bench", "--experts", "2", "--top-k", "3"} << "moe: --top-k:";
    QTest::newRow("predict without a model file")
        << QStringList{"predict", "--model", "absent.json", "--data", "spirals"}
        << "moe: absent.json: cannot open";
}

void TestCli::badInputExitsTwoWithOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Run r = moe(args);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(r.err.endsWith('\n') && r.err.count('\n') == 1, r.err.constData());
    QVERIFY2(r.err.startsWith("moe: "), r.err.constData());
    QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
}

void TestCli::corruptModelFilesAreRefused_data() {
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QStringList>("dataArgs");
    QTest::addColumn<QString>("expected");
    const QStringList spirals{"--data", "spirals"};
    QTest::newRow("not JSON") << QByteArray("garbage") << spirals << "not valid JSON";
    QTest::newRow("empty") << QByteArray() << spirals << "not valid JSON";
    QTest::newRow("truncated") << QByteArray("truncate") << spirals << "not valid JSON";
    QTest::newRow("another format") << QByteArray("{\"format\": \"png\"}") << spirals << "format";
    QTest::newRow("newer version")
        << QByteArray("{\"format\": \"moe-explorer-model\", \"format_version\": 9}") << spirals
        << "format_version";
    QTest::newRow("valid model, wrong task")
        << QByteArray("valid") << QStringList{"--data", "piecewise"} << "regression";
    QTest::newRow("valid model, other classes")
        << QByteArray("valid") << QStringList{"--data", "blobs"} << "class";
}

void TestCli::corruptModelFilesAreRefused() {
    QFETCH(QByteArray, contents);
    QFETCH(QStringList, dataArgs);
    QFETCH(QString, expected);
    if (m_model.isEmpty()) QSKIP("needs the model saved by saveEvalPredict");
    QFile valid(m_model);
    QVERIFY(valid.open(QIODevice::ReadOnly));
    const QByteArray good = valid.readAll();
    QByteArray text = contents;
    if (contents == "valid") text = good;
    if (contents == "truncate") text = good.left(good.size() / 3);

    const QString path = m_dir.filePath("damaged.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
    file.close();

    // predict needs no labels (a spirals model predicts any 2-feature data), so a valid
    // model on other data is only an error for eval.
    const QStringList commands =
        contents == "valid" ? QStringList{"eval"} : QStringList{"eval", "predict"};
    for (const QString& command : commands) {
        const Run r = moe(QStringList{command, "--model", path} + dataArgs);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.count('\n') == 1, r.err.constData());
        QVERIFY2(r.err.startsWith("moe: " + path.toUtf8()) || contents == "valid",
                 r.err.constData());
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
