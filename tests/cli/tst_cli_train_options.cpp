// Tests `moe train`'s validation, early-stopping and regularisation options as a user runs
// them: one line and exit 2 for each bad value, best_epoch / stopped_early / diverged and
// the validation scores in --json, and exit 3 with one stderr line (and still one JSON
// object) when training diverges.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "cli_process.h"

namespace {

using moe::testing::Run;

Run cli(const QStringList& args) {
    static const QTemporaryDir dir;
    return moe::testing::runMoe(dir, args);
}

const QStringList kQuick{"train", "--data", "blobs", "--samples", "200", "--epochs", "4", "--batch", "64"};

}  // namespace

class TestCliTrainOptions : public QObject {
    Q_OBJECT
private slots:
    void badValuesExitTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("patience") << QStringList{"--patience", "-1"} << "--patience: must be between 0";
        QTest::newRow("weight decay") << QStringList{"--weight-decay", "-0.1"} << "--weight-decay: must be between 0";
        QTest::newRow("clip 0") << QStringList{"--clip-norm", "0"} << "--clip-norm: must be a number greater than 0, or off";
        QTest::newRow("clip text") << QStringList{"--clip-norm", "big"} << "--clip-norm: must be a number greater than 0";
        QTest::newRow("validation 1") << QStringList{"--validation-fraction", "1"} << "--validation-fraction: must be at least 0";
        QTest::newRow("schedule") << QStringList{"--lr-schedule", "step"} << "--lr-schedule: unknown schedule 'step'";
    }
    void badValuesExitTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Run r = cli(kQuick + args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }
    void jsonSaysWhichEpochTheScoresComeFrom() {
        const Run r = cli(QStringList{"train", "--data", "blobs", "--samples", "200", "--epochs", "60", "--batch", "32",
                                      "--patience", "3", "--weight-decay", "0.01", "--clip-norm", "1",
                                      "--lr-schedule", "cosine", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["dataset"]["validation_samples"].toInt(), 24);   // 15% of the 160 training rows
        QCOMPARE(j["dataset"]["train_samples"].toInt(), 136);
        QCOMPARE(j["config"]["patience"].toInt(), 3);
        QCOMPARE(j["config"]["clip_norm"].toDouble(), 1.0);
        QCOMPARE(j["config"]["lr_schedule"].toString(), QString("cosine"));
        QVERIFY(j["diverged"].toArray().isEmpty());
        for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"}) {
            const QJsonObject m = j[model].toObject();
            QVERIFY2(m["best_epoch"].toInt(-1) >= 0 && m["best_epoch"].toInt() <= j["epochs_completed"].toInt(), model);
            QVERIFY(m["stopped_early"].isBool());
            QCOMPARE(m["diverged"].toBool(true), false);
            QVERIFY(m["validation_loss"].isDouble());
            QVERIFY(m["validation_accuracy"].isDouble());
        }
        // A model that stopped early did so patience (3) epochs after the epoch it kept.
        for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"})
            if (j[model]["stopped_early"].toBool()) QVERIFY(j[model]["best_epoch"].toInt() + 3 <= j["epochs_completed"].toInt());
    }
    void divergenceExitsThreeWithOneLine() {
        const Run r = cli(QStringList{"train", "--data", "piecewise", "--samples", "200", "--epochs", "20", "--batch",
                                      "32", "--optimizer", "sgd", "--lr", "10", "--momentum", "0.99", "--clip-norm", "off",
                                      "--weight-decay", "0", "--lr-schedule", "constant", "--json"});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith("moe: training diverged: "), r.err.constData());
        QVERIFY2(r.err.contains("diverged in epoch") && r.err.contains("--clip-norm"), r.err.constData());
        QJsonParseError error{};
        const QJsonObject j = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(!j["diverged"].toArray().isEmpty());
        bool flagged = false;
        for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"})
            flagged = flagged || j[model]["diverged"].toBool();
        QVERIFY(flagged);
        QVERIFY(j["moe"]["test_r2"].isDouble());   // finite scores of the kept weights, never null
    }
};

QTEST_GUILESS_MAIN(TestCliTrainOptions)
#include "tst_cli_train_options.moc"
