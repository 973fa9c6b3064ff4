// Tests ui/routing/gate_matrix_order.*: the three row orders of the gate probability matrix on a
// small hand-made matrix.
#include "ui/routing/gate_matrix_order.h"

#include <QTest>

using namespace moe::ui;
using Key = GateMatrixOrder::Key;

namespace {

// 6 samples x 3 experts; labels 1, 0, 1, 0, 1, 0.
moe::GateMatrix sample() {
    moe::GateMatrix g;
    g.samples = 6;
    g.experts = 3;
    g.places = 1;
    g.probs = {0.1f, 0.7f, 0.2f,   // 0: top 1 (0.7)
               0.6f, 0.3f, 0.1f,   // 1: top 0 (0.6)
               0.2f, 0.2f, 0.6f,   // 2: top 2 (0.6)
               0.9f, 0.05f, 0.05f, // 3: top 0 (0.9)
               0.1f, 0.8f, 0.1f,   // 4: top 1 (0.8)
               0.3f, 0.3f, 0.4f};  // 5: top 2 (0.4)
    g.labels = {1, 0, 1, 0, 1, 0};
    g.chosen = {1, 0, 2, 0, 1, 2};
    g.kept = {1, 1, 1, 1, 1, 0};
    return g;
}

}  // namespace

class TestGateMatrixOrder : public QObject {
    Q_OBJECT
private slots:
    void orders_data();
    void orders();
    void regressionFallsBackToTopExpert();
    void helpersOfTheMatrix();
};

void TestGateMatrixOrder::orders_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<QList<int>>("samples");
    QTest::addColumn<QStringList>("groupNames");
    QTest::addColumn<QList<int>>("groupSizes");
    // Class 0: samples 1, 3 (top 0; 0.9 before 0.6), 5 (top 2). Class 1: 4, 0 (top 1), 2 (top 2).
    QTest::newRow("by class") << int(Key::ByClass) << QList<int>{3, 1, 5, 4, 0, 2}
                              << QStringList{QStringLiteral("cat"), QStringLiteral("dog")} << QList<int>{3, 3};
    QTest::newRow("by top expert") << int(Key::ByTopExpert) << QList<int>{3, 1, 4, 0, 2, 5}
                                   << QStringList{QStringLiteral("Expert 1"), QStringLiteral("Expert 2"), QStringLiteral("Expert 3")}
                                   << QList<int>{2, 2, 2};
    QTest::newRow("by confidence") << int(Key::ByConfidence) << QList<int>{3, 4, 0, 1, 2, 5} << QStringList{} << QList<int>{};
}

void TestGateMatrixOrder::orders() {
    QFETCH(int, key);
    QFETCH(QList<int>, samples);
    QFETCH(QStringList, groupNames);
    QFETCH(QList<int>, groupSizes);
    const GateMatrixOrder o = GateMatrixOrder::arrange(sample(), Key(key), {QStringLiteral("cat"), QStringLiteral("dog")});
    QCOMPARE(QList<int>(o.samples.begin(), o.samples.end()), samples);
    QCOMPARE(o.groups.size(), groupNames.size());
    int first = 0;
    for (int i = 0; i < o.groups.size(); ++i) {
        QCOMPARE(o.groups[i].name, groupNames[i]);
        QCOMPARE(o.groups[i].first, first);
        QCOMPARE(o.groups[i].count, groupSizes[i]);
        first += groupSizes[i];
    }
}

void TestGateMatrixOrder::regressionFallsBackToTopExpert() {
    moe::GateMatrix g = sample();
    g.labels.clear();
    const GateMatrixOrder byClass = GateMatrixOrder::arrange(g, Key::ByClass, {});
    const GateMatrixOrder byTop = GateMatrixOrder::arrange(g, Key::ByTopExpert, {});
    QVERIFY(byClass.samples == byTop.samples);
    QVERIFY(GateMatrixOrder::arrange(moe::GateMatrix{}, Key::ByClass, {}).samples.empty());
}

void TestGateMatrixOrder::helpersOfTheMatrix() {
    const moe::GateMatrix g = sample();
    QCOMPARE(g.topExpert(5), 2);
    QVERIFY(g.isChosen(5, 2));
    QVERIFY(!g.isKept(5, 2));  // dropped by capacity
    QVERIFY(g.isKept(0, 1));
    QVERIFY(!g.isChosen(0, 0));
}

QTEST_APPLESS_MAIN(TestGateMatrixOrder)
#include "tst_gate_matrix_order.moc"
