// Tests ui/training/live_view_budget.h: the share of a run's wall time the live views may take.
// Time points are built by hand, so the test does not depend on the machine's speed.
#include "ui/training/live_view_budget.h"

#include <QTest>

using namespace moe::ui;
using namespace std::chrono_literals;
using Clock = LiveViewBudget::Clock;

class TestLiveViewBudget : public QObject {
    Q_OBJECT
private slots:
    void firstComputationIsAlwaysAllowed();
    void allowsWhileWithinShare_data();
    void allowsWhileWithinShare();
    void startForgetsThePreviousRun();
};

void TestLiveViewBudget::firstComputationIsAlwaysAllowed() {
    LiveViewBudget budget(0.1);
    const Clock::time_point t0{};
    budget.start(t0);
    QVERIFY(budget.allows(t0));
    budget.spend(500ms);  // one slow grid: 500 ms at the very start of the run
    QVERIFY(!budget.allows(t0 + 1s));
    QVERIFY(!budget.allows(t0 + 4999ms));
    QVERIFY(budget.allows(t0 + 5s));  // 0.5 s is 10% of 5 s
}

void TestLiveViewBudget::allowsWhileWithinShare_data() {
    QTest::addColumn<double>("share");
    QTest::addColumn<int>("spentMs");
    QTest::addColumn<int>("runMs");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("well within") << 0.1 << 20 << 1000 << true;
    QTest::newRow("exactly the share") << 0.1 << 100 << 1000 << true;
    QTest::newRow("just over") << 0.1 << 101 << 1000 << false;
    QTest::newRow("a larger share") << 0.5 << 400 << 1000 << true;
    QTest::newRow("no time passed") << 0.1 << 1 << 0 << false;
}

void TestLiveViewBudget::allowsWhileWithinShare() {
    QFETCH(double, share);
    QFETCH(int, spentMs);
    QFETCH(int, runMs);
    QFETCH(bool, allowed);
    LiveViewBudget budget(share);
    const Clock::time_point t0{};
    budget.start(t0);
    budget.spend(std::chrono::milliseconds(spentMs));
    QCOMPARE(budget.allows(t0 + std::chrono::milliseconds(runMs)), allowed);
    QCOMPARE(budget.spent(), Clock::duration(std::chrono::milliseconds(spentMs)));
}

void TestLiveViewBudget::startForgetsThePreviousRun() {
    LiveViewBudget budget(0.1);
    const Clock::time_point t0{};
    budget.start(t0);
    budget.spend(10s);
    QVERIFY(!budget.allows(t0 + 20s));
    budget.start(t0 + 20s);
    QCOMPARE(budget.spent(), Clock::duration::zero());
    QVERIFY(budget.allows(t0 + 20s));
}

QTEST_GUILESS_MAIN(TestLiveViewBudget)
#include "tst_live_view_budget.moc"
