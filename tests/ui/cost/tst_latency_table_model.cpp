// LatencyTableModel under QAbstractItemModelTester, and its figures in the rows' units.
#include "ui/cost/latency_table_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace moe::ui;

namespace {

moe::Latency latency(int batch, double seconds) {
    moe::Latency l;
    l.batch = batch;
    l.secondsPerBatch = seconds;
    l.repeats = 5;
    l.forwardsPerRepeat = 10;
    return l;
}

moe::LatencyReport report() {
    moe::LatencyReport r;
    r.moe = {latency(1, 10e-6), latency(128, 0.2e-3)};
    r.denseEqualParams = {latency(1, 5e-6), latency(128, 0.128e-3)};
    r.denseEqualCompute = {latency(1, 2.5e-6), latency(128, 0.064e-3)};
    r.threads = 2;
    return r;
}

}  // namespace

class TestLatencyTableModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void showsTheReport();
};

void TestLatencyTableModel::passesTheModelTester() {
    LatencyTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLatency(report());
    model.clear();
    model.setLatency(report());
    QCOMPARE(model.rowCount(), int(LatencyTableModel::RowCount));
    QCOMPARE(model.columnCount(), int(LatencyTableModel::ColumnCount));
}

void TestLatencyTableModel::showsTheReport() {
    LatencyTableModel model;
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("…"));
    model.setLatency(report());
    QCOMPARE(model.value(LatencyTableModel::SingleMicros, LatencyTableModel::Moe), 10.0);
    QCOMPARE(model.value(LatencyTableModel::BatchMillis, LatencyTableModel::Moe), 0.2);
    QCOMPARE(model.value(LatencyTableModel::PerSampleMicros, LatencyTableModel::DenseEqualParams), 1.0);
    QCOMPARE(model.value(LatencyTableModel::Throughput, LatencyTableModel::DenseEqualCompute), 2000000.0);
    QCOMPARE(model.index(LatencyTableModel::Throughput, LatencyTableModel::DenseEqualCompute).data(Qt::UserRole).toDouble(),
             2000000.0);
    QCOMPARE(model.index(LatencyTableModel::Throughput, LatencyTableModel::DenseEqualCompute).data().toString(),
             QLocale().toString(2000000));
    QCOMPARE(model.index(LatencyTableModel::SingleMicros, LatencyTableModel::DenseEqualCompute).data().toString(),
             QLocale().toString(2.5, 'f', 2));
    // Small times keep two significant digits (0.064 ms, not 0.06; 0.0042 ms, not 0.00).
    QCOMPARE(model.index(LatencyTableModel::BatchMillis, LatencyTableModel::DenseEqualCompute).data().toString(),
             QLocale().toString(0.064, 'f', 3));
    moe::LatencyReport tiny = report();
    tiny.denseEqualCompute.batch = latency(128, 4.2e-6);
    model.setLatency(tiny);
    QCOMPARE(model.index(LatencyTableModel::BatchMillis, LatencyTableModel::DenseEqualCompute).data().toString(),
             QLocale().toString(0.0042, 'f', 4));
    model.setLatency(report());
    QVERIFY(model.headerData(LatencyTableModel::BatchMillis, Qt::Vertical).toString().contains(QStringLiteral("128")));
    QVERIFY(model.headerData(LatencyTableModel::SingleMicros, Qt::Vertical).toString().contains(QStringLiteral("µs")));
    QVERIFY(!model.headerData(LatencyTableModel::Throughput, Qt::Vertical, Qt::ToolTipRole).toString().isEmpty());
}

QTEST_MAIN(TestLatencyTableModel)
#include "tst_latency_table_model.moc"
