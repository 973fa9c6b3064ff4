// Tests `moe train --save`, `moe eval` and `moe predict`: a saved model evaluated and predicted
// with, CSV columns matched by name, and damaged model files refused with one line, running the
// `moe` executable as a user or a script runs it. Runs stay tiny: a few epochs on a few hundred
// rows.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "tests/cli/cli_process.h"

using moe::testing::kQuick;
using moe::testing::parseObject;
using moe::testing::Run;

class TestCliModel : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void saveEvalPredict();
    void predictMatchesCsvColumnsByName();
    void corruptModelFilesAreRefused_data();
    void corruptModelFilesAreRefused();

private:
    QString m_model;  ///< a model saved by saveEvalPredict, for the corrupt-file tests
};

void TestCliModel::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(moe::testing::writeCliCsvFiles(m_dir));
}

void TestCliModel::saveEvalPredict() {
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
    QCOMPARE(lines[0], QByteArray("index,x1,x2,predicted,probability,experts,weights,gate_0,gate_1,gate_2"));
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cells = lines[i].split(',');
        QCOMPARE(cells.size(), 10);
        QCOMPARE(cells[0].toInt(), i - 1);
        double sum = 0.0;
        for (int g = 7; g < 10; ++g) sum += cells[g].toDouble();
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
        // The experts that processed the row (top-2, no capacity) and their weights, summing to 1.
        QCOMPARE(cells[5].split(' ').size(), 2);
        double weights = 0.0;
        for (const QByteArray& w : cells[6].split(' ')) weights += w.toDouble();
        QVERIFY(std::abs(weights - 1.0) < 1e-5);
    }
    const Run plain = moe({"predict", "--model", m_model, "--data", "spirals", "--samples", "20"});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(!plain.out.contains("gate_0"));
}

void TestCliModel::predictMatchesCsvColumnsByName() {
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
    QCOMPARE(lines[0], QByteArray("index,size,colour=blue,colour=green,colour=red,weight,predicted,probability,experts,weights"));
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

void TestCliModel::corruptModelFilesAreRefused_data() {
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

void TestCliModel::corruptModelFilesAreRefused() {
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

QTEST_GUILESS_MAIN(TestCliModel)
#include "tst_cli_model.moc"
