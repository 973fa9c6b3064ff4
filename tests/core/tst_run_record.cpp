// Tests core/train/run_record.*: a record keeps what the run was and every epoch, and
// writes its end time as UTC ISO 8601.
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "core/train/run_record.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

using namespace moe;

class TestRunRecord : public QObject {
    Q_OBJECT
private slots:
    void isoUtc_data();
    void isoUtc();
    void keepsTheRun();
};

void TestRunRecord::isoUtc_data() {
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("epoch") << qint64(0) << "1970-01-01T00:00:00Z";
    QTest::newRow("1e9") << qint64(1000000000) << "2001-09-09T01:46:40Z";
    QTest::newRow("leap day") << qint64(1709210096) << "2024-02-29T12:34:56Z";
}

void TestRunRecord::isoUtc() {
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
    QCOMPARE(QString::fromStdString(moe::isoUtc(t)), text);
}

void TestRunRecord::keepsTheRun() {
    const Dataset data = testing::generated("blobs", 200);
    RunConfig c;
    c.model.experts = 3;
    c.model.topK = 2;
    c.train.epochs = 2;
    c.train.batch = 50;
    auto e = Experiment::create(data, c);
    QVERIFY(e.ok());
    testing::RunToTheEnd quiet;
    QVERIFY(e.value()->run(quiet));
    const Experiment& x = *e.value();

    const RunRecord r = makeRunRecord(data, c, x.cost(), x.history(), RunEnd::Stopped,
                                      std::chrono::system_clock::time_point(std::chrono::seconds(1000000000)));
    QCOMPARE(r.datasetName, data.name);
    QCOMPARE(r.task, Task::Classification);
    QCOMPARE(r.samples, data.rows);
    QCOMPARE(r.features, std::size_t{2});
    QCOMPARE(r.classes, data.classCount());
    QCOMPARE(r.config.model.topK, 2);
    QCOMPARE(r.cost.moe.flopsPerSample, x.cost().moe.flopsPerSample);
    QCOMPARE(r.history.size(), std::size_t{3});  // epochs 0, 1, 2
    QCOMPARE(r.epochsCompleted(), 2);
    QCOMPARE(r.last().moe.testAccuracy, x.snapshot().moe.testAccuracy);
    QCOMPARE(r.wallSeconds(), x.snapshot().elapsedSeconds);
    QCOMPARE(r.end, RunEnd::Stopped);
    QCOMPARE(QString(runEndName(r.end)), QString("stopped"));
    QCOMPARE(QString::fromStdString(r.endedAt), QString("2001-09-09T01:46:40Z"));

    // A plain value: a copy is independent of the original.
    RunRecord copy = r;
    copy.history.pop_back();
    QCOMPARE(r.history.size(), std::size_t{3});
}

QTEST_APPLESS_MAIN(TestRunRecord)
#include "tst_run_record.moc"
