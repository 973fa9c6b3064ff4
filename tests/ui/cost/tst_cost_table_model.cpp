// CostTableModel under QAbstractItemModelTester, and its numbers.
#include "ui/cost/cost_table_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <cmath>

using namespace moe::ui;

class TestCostTableModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void showsTheReport();
    void formatsCounts_data();
    void formatsCounts();
};

namespace {

moe::CostReport report() {
    moe::CostReport r;
    r.moe = {1320, 348, 552.0, 32.0, 512.0, 8.0};
    r.denseEqualParams = {1282, 1282, 2048.0, 0.0, 2048.0, 0.0};
    r.denseEqualCompute = {322, 322, 512.0, 0.0, 512.0, 0.0};
    return r;
}

}  // namespace

void TestCostTableModel::passesTheModelTester() {
    CostTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCost(report());
    model.clear();
    model.setCost(report());
    QCOMPARE(model.rowCount(), int(CostTableModel::RowCount));
    QCOMPARE(model.columnCount(), int(CostTableModel::ColumnCount));
}

void TestCostTableModel::showsTheReport() {
    CostTableModel model;
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("…"));  // nothing yet
    model.setCost(report());
    QCOMPARE(model.value(CostTableModel::ParamsTotal, CostTableModel::Moe), 1320.0);
    QCOMPARE(model.value(CostTableModel::Flops, CostTableModel::DenseEqualParams), 2048.0);
    QCOMPARE(model.value(CostTableModel::GateFlops, CostTableModel::Moe), 32.0);
    // A dense model has no gate and no combine: shown as a dash, not as 0.
    QVERIFY(std::isnan(model.value(CostTableModel::GateFlops, CostTableModel::DenseEqualCompute)));
    QCOMPARE(model.data(model.index(CostTableModel::GateFlops, CostTableModel::DenseEqualParams)).toString(),
             QStringLiteral("–"));
    QVERIFY(!model.headerData(CostTableModel::DenseEqualParams, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(!model.headerData(CostTableModel::ParamsActive, Qt::Vertical, Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.cost().savingVsDenseParams(), 1.0 - 552.0 / 2048.0);
}

void TestCostTableModel::formatsCounts_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("shown");
    QTest::newRow("small") << 552.0 << QStringLiteral("552");
    QTest::newRow("rounded") << 31.6 << QStringLiteral("32");
    QTest::newRow("millions") << 12'345'678.0 << QStringLiteral("12.3 M");
    QTest::newRow("not applicable") << std::nan("") << QStringLiteral("–");
}

void TestCostTableModel::formatsCounts() {
    QFETCH(double, value);
    QFETCH(QString, shown);
    QLocale::setDefault(QLocale::c());
    QCOMPARE(CostTableModel::formatCount(value), shown);
}

QTEST_GUILESS_MAIN(TestCostTableModel)
#include "tst_cost_table_model.moc"
