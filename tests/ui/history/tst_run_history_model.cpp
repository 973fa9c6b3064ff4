// RunHistoryModel under QAbstractItemModelTester: rows appear as runs end, ids count up,
// and a proxy sorts every column by its raw value.
#include "ui/history/run_history_model.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace moe::ui;

namespace {

moe::RunRecord record(const char* dataset, int topK, double accuracy, double flops, double seconds,
                      moe::Task task = moe::Task::Classification) {
    moe::RunRecord r;
    r.id = 99;  // replaced by the model
    r.datasetName = dataset;
    r.task = task;
    r.config.model.experts = 8;
    r.config.model.topK = topK;
    r.config.model.hidden = 32;
    r.config.train.epochs = 2;
    r.cost.moe.flopsPerSample = flops;
    r.cost.denseEqualParams.flopsPerSample = 2000.0;
    for (int e = 0; e <= 2; ++e) {
        moe::EpochSnapshot s;
        s.epoch = e;
        s.elapsedSeconds = seconds * e / 2.0;
        s.moe.testLoss = 1.0 / (e + 1);
        s.moe.testAccuracy = accuracy * e / 2.0;
        s.moe.testR2 = accuracy * e / 2.0;
        s.denseEqualParams.testAccuracy = 0.9;
        s.denseEqualCompute.testAccuracy = 0.8;
        r.history.push_back(s);
    }
    r.endedAt = "2026-11-28T16:05:09Z";
    return r;
}

}  // namespace

class TestRunHistoryModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester();
    void showsEachRun();
    void sortsByRawValues_data();
    void sortsByRawValues();
    void scoresAreThoseOfTheKeptEpoch();
};

void TestRunHistoryModel::passesTheModelTester() {
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addRun(record("spirals", 2, 0.9, 500, 3));
    model.addRun(record("blobs", 1, 0.8, 300, 2));
    QCOMPARE(model.rowCount(), 2);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.addRun(record("moons", 1, 0.7, 300, 2));
    QCOMPARE(model.runs().back().id, 3);  // ids keep counting across a clear
}

void TestRunHistoryModel::showsEachRun() {
    RunHistoryModel model;
    model.addRun(record("spirals", 2, 0.9, 500, 3));
    model.addRun(record("piecewise", 1, 0.75, 300, 12.5, moe::Task::Regression));
    QCOMPARE(model.runs()[0].id, 1);
    QCOMPARE(model.runs()[1].id, 2);
    QVERIFY(model.runById(2) && model.runById(2)->datasetName == "piecewise");
    QVERIFY(!model.runById(3));
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, RunHistoryModel::Run), QStringLiteral("1"));
    QCOMPARE(text(0, RunHistoryModel::Dataset), QStringLiteral("spirals"));
    QCOMPARE(text(0, RunHistoryModel::Configuration), QStringLiteral("softmax-topk E8 k2 h32"));
    QCOMPARE(text(0, RunHistoryModel::MoeScore), QStringLiteral("90.0%"));
    QCOMPARE(text(0, RunHistoryModel::DenseParamsScore), QStringLiteral("90.0%"));
    QCOMPARE(text(0, RunHistoryModel::DenseComputeScore), QStringLiteral("80.0%"));
    QCOMPARE(text(0, RunHistoryModel::MoeLoss), QStringLiteral("0.333"));
    QCOMPARE(text(0, RunHistoryModel::Flops), QStringLiteral("500"));
    QCOMPARE(text(0, RunHistoryModel::Saving), QStringLiteral("75%"));
    QCOMPARE(text(0, RunHistoryModel::TrainSeconds), QStringLiteral("3.0 s"));
    QCOMPARE(text(0, RunHistoryModel::Epochs), QStringLiteral("2"));
    QCOMPARE(text(1, RunHistoryModel::MoeScore), QStringLiteral("R² 0.750"));
    QCOMPARE(model.index(1, RunHistoryModel::Saving).data(RunHistoryModel::SortRole).toDouble(), 1.0 - 300.0 / 2000.0);
    QCOMPARE(model.index(1, RunHistoryModel::Dataset).data(RunHistoryModel::IdRole).toInt(), 2);

    moe::RunRecord stopped = record("blobs", 1, 0.5, 300, 1);
    stopped.end = moe::RunEnd::Stopped;
    stopped.config.train.epochs = 10;
    model.addRun(stopped);
    QCOMPARE(text(2, RunHistoryModel::Epochs), QStringLiteral("2/10 ■"));
}

void TestRunHistoryModel::sortsByRawValues_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<int>>("ascendingIds");
    QTest::newRow("accuracy") << int(RunHistoryModel::MoeScore) << QList<int>{2, 3, 1};
    QTest::newRow("FLOPs, not their text") << int(RunHistoryModel::Flops) << QList<int>{3, 2, 1};
    QTest::newRow("time") << int(RunHistoryModel::TrainSeconds) << QList<int>{3, 1, 2};
    QTest::newRow("dataset") << int(RunHistoryModel::Dataset) << QList<int>{2, 3, 1};
}

void TestRunHistoryModel::sortsByRawValues() {
    QFETCH(int, column);
    QFETCH(QList<int>, ascendingIds);
    RunHistoryModel model;
    model.addRun(record("spirals", 2, 0.95, 10000, 9));
    model.addRun(record("blobs", 1, 0.60, 900, 20));
    model.addRun(record("moons", 1, 0.80, 90, 1.5));
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setSortRole(RunHistoryModel::SortRole);
    proxy.sort(column, Qt::AscendingOrder);
    QList<int> ids;
    for (int row = 0; row < proxy.rowCount(); ++row) ids << proxy.index(row, 0).data(RunHistoryModel::IdRole).toInt();
    QCOMPARE(ids, ascendingIds);
}

void TestRunHistoryModel::scoresAreThoseOfTheKeptEpoch() {
    // The MoE stopped early at epoch 2 and kept epoch 1; the baselines ran on, without a
    // better validation loss after epoch 2 for the first and with the last epoch for the second.
    moe::RunRecord r = record("spirals", 2, 0.9, 500, 3);
    for (moe::EpochSnapshot& s : r.history) s.denseEqualParams.testAccuracy = 0.5 + 0.1 * s.epoch;
    r.history.back().moe.bestEpoch = 1;
    r.history.back().moe.stoppedEarly = true;
    r.history.back().denseEqualParams.bestEpoch = 1;
    r.history.back().denseEqualCompute.bestEpoch = 2;
    RunHistoryModel model;
    model.addRun(r);
    auto text = [&](int column, int role = Qt::DisplayRole) { return model.index(0, column).data(role).toString(); };
    QCOMPARE(text(RunHistoryModel::MoeScore), QStringLiteral("45.0%"));          // epoch 1's, not 90%
    QCOMPARE(text(RunHistoryModel::MoeLoss), QStringLiteral("0.500"));
    QCOMPARE(text(RunHistoryModel::DenseParamsScore), QStringLiteral("60.0%"));  // its own epoch 1
    QCOMPARE(text(RunHistoryModel::DenseComputeScore), QStringLiteral("80.0%"));
    QCOMPARE(model.index(0, RunHistoryModel::MoeScore).data(RunHistoryModel::SortRole).toDouble(), 0.45);
    QCOMPARE(text(RunHistoryModel::Epochs), QStringLiteral("2, best 1"));
    QCOMPARE(text(RunHistoryModel::MoeScore, Qt::ToolTipRole),
             QStringLiteral("Scores of epoch 1, the lowest validation loss; stopped early"));
    QCOMPARE(text(RunHistoryModel::DenseComputeScore, Qt::ToolTipRole), QStringLiteral("Scores of epoch 2, the last"));
    QVERIFY(text(RunHistoryModel::Epochs, Qt::ToolTipRole).contains(QStringLiteral("Dense = params: scores of epoch 1")));

    // A model that diverged is marked; a run ended by Stop scores the still-training models' last epoch.
    r.history.back().denseEqualCompute.diverged = true;
    r.end = moe::RunEnd::Stopped;
    r.history.back().denseEqualParams.bestEpoch = 1;
    model.addRun(r);
    QCOMPARE(model.index(1, RunHistoryModel::Epochs).data().toString(), QStringLiteral("2/2 ■, best 1 ▲"));
    QCOMPARE(model.index(1, RunHistoryModel::DenseParamsScore).data().toString(), QStringLiteral("70.0%"));
    QCOMPARE(model.index(1, RunHistoryModel::DenseParamsScore).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Scores of epoch 2, the last (the run was stopped)"));
    QCOMPARE(model.index(1, RunHistoryModel::DenseComputeScore).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Scores of epoch 2, the best before training diverged"));
}

QTEST_MAIN(TestRunHistoryModel)
#include "tst_run_history_model.moc"
