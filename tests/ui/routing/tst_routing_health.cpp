// Tests ui/routing/routing_health.*: when the utilisation view warns of a collapse or dead experts,
// and what the line says.
#include "ui/routing/routing_health.h"

#include <QTest>

using namespace moe::ui;

class TestRoutingHealth : public QObject {
    Q_OBJECT
private slots:
    void collapse_data();
    void collapse();
    void deadExpertsAreNamed();
    void adviceFitsTheConfiguration();
    void untrainedGateIsNotJudged();
};

void TestRoutingHealth::collapse_data() {
    QTest::addColumn<QList<double>>("load");
    QTest::addColumn<double>("expertsPerSample");
    QTest::addColumn<bool>("collapsed");
    QTest::addColumn<QList<int>>("dominant");
    QTest::newRow("top-1, one expert 95%") << QList<double>{0.95, 0.03, 0.02, 0.0} << 1.0 << true << QList<int>{0};
    QTest::newRow("top-1, exactly 90% is not yet") << QList<double>{0.9, 0.05, 0.05, 0.0} << 1.0 << false << QList<int>{};
    QTest::newRow("top-1, balanced") << QList<double>{0.25, 0.25, 0.25, 0.25} << 1.0 << false << QList<int>{};
    QTest::newRow("top-2, two experts 96%") << QList<double>{0.02, 0.5, 0.02, 0.46} << 2.0 << true << QList<int>{1, 3};
    QTest::newRow("top-2, one expert 50% is normal") << QList<double>{0.5, 0.2, 0.2, 0.1} << 2.0 << false << QList<int>{};
    QTest::newRow("dense, k = E") << QList<double>{0.97, 0.01, 0.01, 0.01} << 4.0 << false << QList<int>{};
    QTest::newRow("one expert") << QList<double>{1.0} << 1.0 << false << QList<int>{};
}

void TestRoutingHealth::collapse() {
    QFETCH(QList<double>, load);
    QFETCH(double, expertsPerSample);
    QFETCH(bool, collapsed);
    QFETCH(QList<int>, dominant);
    moe::RoutingStats s;
    s.expertLoad.assign(load.begin(), load.end());
    s.expertsPerSample = expertsPerSample;
    const RoutingHealth h = RoutingHealth::assess(s, moe::RunConfig{}, 5);
    QCOMPARE(h.collapsed(), collapsed);
    QCOMPARE(h.healthy(), !collapsed);
    QCOMPARE(QList<int>(h.dominantExperts().begin(), h.dominantExperts().end()), dominant);
    QCOMPARE(h.message().isEmpty(), !collapsed);
    if (collapsed) {
        QVERIFY(h.message().startsWith(QStringLiteral("Load collapsed")));
        QVERIFY(h.message().contains(QStringLiteral("Expert %1").arg(dominant.first() + 1)));
    }
}

void TestRoutingHealth::deadExpertsAreNamed() {
    moe::RoutingStats s;
    s.expertLoad = {0.4, 0.3, 0.3, 0.0};
    s.expertsPerSample = 1.0;
    s.deadExperts = {3};
    const RoutingHealth h = RoutingHealth::assess(s, moe::RunConfig{}, 3);
    QVERIFY(!h.healthy());
    QVERIFY(!h.collapsed());
    QVERIFY2(h.message().contains(QStringLiteral("Expert 4 is dead")), qPrintable(h.message()));
    s.deadExperts = {0, 2};
    QVERIFY(RoutingHealth::assess(s, moe::RunConfig{}, 3).message().contains(QStringLiteral("Expert 1, Expert 3 are dead")));
}

void TestRoutingHealth::adviceFitsTheConfiguration() {
    moe::RoutingStats s;
    s.expertLoad = {0.99, 0.01};
    s.expertsPerSample = 1.0;
    moe::RunConfig c;
    c.train.balanceLoss = 0.0;
    QString m = RoutingHealth::assess(s, c, 1).message();
    QVERIFY2(m.contains(QStringLiteral("a balance loss (α = 0.01)")), qPrintable(m));
    QVERIFY(m.contains(QStringLiteral("noisy-topk")));
    QVERIFY(m.contains(QStringLiteral("expert-choice")));
    c.train.balanceLoss = 0.02;
    c.model.router = moe::RouterKind::Switch;
    m = RoutingHealth::assess(s, c, 1).message();
    QVERIFY2(m.contains(QStringLiteral("a larger balance loss (now α = 0.02)")), qPrintable(m));
    QVERIFY(m.contains(QStringLiteral("jitter")));
}

void TestRoutingHealth::untrainedGateIsNotJudged() {
    moe::RoutingStats s;
    s.expertLoad = {1.0, 0.0};
    s.expertsPerSample = 1.0;
    QVERIFY(RoutingHealth::assess(s, moe::RunConfig{}, 0).healthy());
}

QTEST_APPLESS_MAIN(TestRoutingHealth)
#include "tst_routing_health.moc"
