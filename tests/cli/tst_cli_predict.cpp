// Tests what `moe predict` and `moe eval` read and print, run as a user runs them: the experts
// that really processed each row (hash, capacity), features matched by name for built-in
// data too, and a CSV's mistyped numeric cell refused with file:line:column, then read with
// --missing or --categorical.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "cli_process.h"

namespace {

using moe::testing::Run;

}  // namespace

class TestCliPredict : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Run cli(const QStringList& args) const { return moe::testing::runMoe(m_dir, args); }
    QList<QList<QByteArray>> predictCells(const QStringList& trainArgs, const QString& model) const {
        const Run t = cli(QStringList{"train", "--data", "blobs", "--samples", "300", "--epochs", "3", "--experts", "4",
                                      "--top-k", "2", "--save", model} +
                          trainArgs);
        if (t.exitCode != 0) qWarning("%s", t.err.constData());
        const Run p = cli({"predict", "--model", model, "--data", "blobs", "--samples", "200"});
        QList<QList<QByteArray>> rows;
        for (const QByteArray& line : p.out.trimmed().split('\n')) rows.push_back(line.split(','));
        return rows;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void hashRowsNameTheHashedExperts() {
        const auto rows = predictCells({"--router", "hash"}, "hash.json");
        QVERIFY(rows.size() == 201);
        const int experts = static_cast<int>(rows[0].indexOf("experts"));
        QVERIFY(experts > 0);
        QSet<QByteArray> first;
        for (int i = 1; i < rows.size(); ++i) {
            const QList<QByteArray> chosen = rows[i][experts].split(' ');
            QCOMPARE(chosen.size(), 2);
            // The hash's choice, then the next expert cyclically.
            QCOMPARE((chosen[0].toInt() + 1) % 4, chosen[1].toInt());
            first.insert(chosen[0]);
        }
        QVERIFY(first.size() > 1);   // the old argmax-of-gate column said 0 for every row
    }
    void capacityLeavesDroppedRowsEmpty() {
        const auto rows = predictCells({"--eval-capacity-factor", "0.25"}, "capacity.json");
        QVERIFY(rows.size() == 201);
        const int experts = static_cast<int>(rows[0].indexOf("experts"));
        int fewer = 0;
        for (int i = 1; i < rows.size(); ++i) fewer += rows[i][experts].isEmpty() || rows[i][experts].split(' ').size() < 2;
        QVERIFY(fewer > 0);
    }
    void builtInDataIsMatchedByName() {
        QVERIFY(cli({"train", "--data", "spirals", "--samples", "200", "--epochs", "2", "--save", "spirals.json"}).exitCode == 0);
        // iris has 4 features, none named x1: refused by name, not by count.
        const Run r = cli({"eval", "--model", "spirals.json", "--data", "iris"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("the model needs the feature 'x1', which 'iris' does not have"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        // docs/cli.md: eval scores the whole data given, every row, under test_* names.
        const Run whole = cli({"eval", "--model", "spirals.json", "--data", "spirals", "--samples", "150", "--json"});
        QCOMPARE(whole.exitCode, 0);
        const QJsonDocument j = QJsonDocument::fromJson(whole.out);
        QCOMPARE(j["dataset"]["samples"].toInt(), 150);
        QVERIFY(j["moe"]["test_accuracy"].isDouble());
    }
    // docs/moe-definitions.md: expert choice sets its own capacity, so a capacity factor is refused.
    void expertChoiceRefusesACapacityFactor() {
        const Run r = cli({"train", "--data", "blobs", "--router", "expert-choice", "--capacity-factor", "1.25"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("--capacity-factor: expert-choice routing sets its own capacity"), r.err.constData());
    }
    void mistypedCellIsRefusedThenRead() {
        QByteArray b("size,weight,kind\n");
        for (int i = 0; i < 60; ++i)
            b += QByteArray::number(i) + "," + (i == 30 ? QByteArray("abc") : QByteArray::number(i % 7 + 0.25)) + "," +
                 (i % 2 ? "a" : "b") + "\n";
        QFile f(m_dir.filePath("mistyped.csv"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(b);
        f.close();
        const QStringList train{"train", "--data", "mistyped.csv", "--epochs", "2"};
        const Run refused = cli(train);
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(refused.err.count('\n'), 1);
        QVERIFY2(refused.err.contains("mistyped.csv:32:2: 'abc' is not a number"), refused.err.constData());
        QVERIFY2(refused.err.contains("--missing abc") && refused.err.contains("--categorical weight"),
                 refused.err.constData());
        const Run missing = cli(train + QStringList{"--missing", "abc", "--json"});
        QVERIFY2(missing.exitCode == 0, missing.err.constData());
        QCOMPARE(QJsonDocument::fromJson(missing.out)["dataset"]["features"].toInt(), 2);
        const Run categorical = cli(train + QStringList{"--categorical", "weight", "--json"});
        QVERIFY2(categorical.exitCode == 0, categorical.err.constData());
        QVERIFY(QJsonDocument::fromJson(categorical.out)["dataset"]["features"].toInt() > 2);
        const Run notCsv = cli({"train", "--data", "iris", "--missing", "abc"});
        QCOMPARE(notCsv.exitCode, 2);
        QVERIFY2(notCsv.err.contains("--missing: only applies to CSV files"), notCsv.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliPredict)
#include "tst_cli_predict.moc"
