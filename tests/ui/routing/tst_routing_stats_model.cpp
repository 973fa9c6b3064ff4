// RoutingStatsModel under QAbstractItemModelTester, and what it shows.
#include "ui/routing/routing_stats_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace moe::ui;

class TestRoutingStatsModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void showsOneRowPerLayer();
};

namespace {

moe::RoutingStats stats(double expertsPerSample, double dropped, double cv) {
    moe::RoutingStats s;
    s.expertLoad = {0.5, 0.25, 0.25, 0.0};
    s.expertsPerSample = expertsPerSample;
    s.droppedFraction = dropped;
    s.samplesLeftBehind = dropped / 2;
    s.loadCv = cv;
    s.loadCvBefore = cv * 2;
    s.deadExperts = {3};
    return s;
}

}  // namespace

void TestRoutingStatsModel::passesTheModelTester() {
    RoutingStatsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLayers({stats(2, 0, 0.5)}, false);
    model.setLayers({stats(2, 0.1, 0.5), stats(1.5, 0, 0.2)}, true);
    model.setLayers({stats(2, 0.2, 0.4), stats(1.5, 0, 0.1)}, true);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(RoutingStatsModel::ColumnCount));
}

void TestRoutingStatsModel::showsOneRowPerLayer() {
    RoutingStatsModel model;
    model.setLayers({stats(2, 0.125, 0.5), stats(1.5, 0, 0.25)}, true);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QStringLiteral("Block 2"));
    QCOMPARE(model.data(model.index(0, RoutingStatsModel::ExpertsPerSample)).toString(), QStringLiteral("2.00"));
    QCOMPARE(model.data(model.index(0, RoutingStatsModel::Dropped)).toString(), QStringLiteral("12.5%"));
    QCOMPARE(model.data(model.index(1, RoutingStatsModel::LoadCv)).toString(), QStringLiteral("0.25"));
    QCOMPARE(model.data(model.index(1, RoutingStatsModel::DeadExperts)).toString(), QStringLiteral("1 of 4"));
    QCOMPARE(model.value(1, RoutingStatsModel::ExpertsPerSample), 1.5);
    QVERIFY(model.data(model.index(0, RoutingStatsModel::LoadCv), Qt::ToolTipRole).toString().contains(QStringLiteral("1.00")));
    QVERIFY(model.data(model.index(0, RoutingStatsModel::DeadExperts), Qt::ToolTipRole).toString().contains(QStringLiteral("Expert 4")));
    for (int c = 0; c < RoutingStatsModel::ColumnCount; ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    model.setLayers({stats(1, 0, 0)}, false);
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("MoE"));
}

QTEST_MAIN(TestRoutingStatsModel)
#include "tst_routing_stats_model.moc"
