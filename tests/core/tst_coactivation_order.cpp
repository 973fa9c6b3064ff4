// Tests core/trace/coactivation_order.*: the cosine normalisation of the hand-routed trace's
// co-activation counts worked out on paper, and the clustering order on small matrices whose
// clusters are known: experts chosen together end up side by side, dead experts last, ties
// broken by the lower ids, and the result is always a permutation.
#include "core/trace/coactivation_order.h"
#include "core/trace/trace_stats.h"
#include "tests/support/trace_fixtures.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

bool near(double a, double b) { return std::fabs(a - b) < 1e-12; }

bool isPermutation(std::vector<int> order, int n) {
    std::sort(order.begin(), order.end());
    std::vector<int> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    return order == all;
}

}  // namespace

class TestCoActivationOrder : public QObject {
    Q_OBJECT
private slots:
    void normalisesTheHandRoutedCounts() {
        // Layer 1 of the fixture: {0,1} {0,1} {0,2} {1,2} {0,1} {0,3}; counts n = 5, 4, 2, 1.
        const moe::TraceStats stats = moe::computeTraceStats(moe::testing::handRoutedTrace());
        const std::vector<double> s = moe::normalisedCoActivation(stats.layers[0].coActivation, 4);
        QVERIFY(near(s[0 * 4 + 1], 3.0 / std::sqrt(20.0)));
        QVERIFY(near(s[1 * 4 + 0], 3.0 / std::sqrt(20.0)));
        QVERIFY(near(s[0 * 4 + 2], 1.0 / std::sqrt(10.0)));
        QVERIFY(near(s[1 * 4 + 2], 1.0 / std::sqrt(8.0)));
        QVERIFY(near(s[0 * 4 + 3], 1.0 / std::sqrt(5.0)));
        QVERIFY(near(s[1 * 4 + 3], 0.0));
        for (int e = 0; e < 4; ++e) QVERIFY(near(s[static_cast<std::size_t>(e * 5)], 1.0));
        // Layer 3: experts 0 and 1 are never chosen: their rows and columns are 0.
        const std::vector<double> t = moe::normalisedCoActivation(stats.layers[1].coActivation, 4);
        QVERIFY(near(t[0], 0.0) && near(t[1 * 4 + 2], 0.0));
        QVERIFY(near(t[2 * 4 + 3], 1.0));
    }

    void handRoutedOrder() {
        // s01 = 0.671 merges first; {0,1} to 2 averages 0.335, to 3 0.224: [0, 1, 2, 3].
        const moe::TraceStats stats = moe::computeTraceStats(moe::testing::handRoutedTrace());
        const std::vector<double> s = moe::normalisedCoActivation(stats.layers[0].coActivation, 4);
        QCOMPARE(moe::coActivationOrder(s, 4), (std::vector<int>{0, 1, 2, 3}));
    }

    void putsPairsSideBySide() {
        // Two blocks, {0, 2} and {1, 3}, with a weak link between them.
        const std::vector<double> s = {1.0, 0.1, 0.9, 0.1,  //
                                       0.1, 1.0, 0.1, 0.8,  //
                                       0.9, 0.1, 1.0, 0.1,  //
                                       0.1, 0.8, 0.1, 1.0};
        QCOMPARE(moe::coActivationOrder(s, 4), (std::vector<int>{0, 2, 1, 3}));
    }

    void deadExpertsGoLast() {
        const std::vector<double> s = {1.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        QCOMPARE(moe::coActivationOrder(s, 4, {true, false, true, false}), (std::vector<int>{0, 2, 1, 3}));
    }

    void tiesGoToTheLowerIds() {
        // Every pair equally close: the merges take (0,1), then 2, then 3.
        const std::vector<double> s(16, 0.25);
        QCOMPARE(moe::coActivationOrder(s, 4), (std::vector<int>{0, 1, 2, 3}));
    }

    void alwaysAPermutation() {
        // A 128-expert matrix with a pattern: the order is a permutation, and the same twice.
        const int E = 128;
        std::vector<double> s(static_cast<std::size_t>(E * E));
        for (int a = 0; a < E; ++a)
            for (int b = 0; b < E; ++b)
                s[static_cast<std::size_t>(a * E + b)] = a == b ? 1.0 : 1.0 / (1.0 + std::abs((a * 37) % E - (b * 37) % E));
        const std::vector<int> order = moe::coActivationOrder(s, E);
        QVERIFY(isPermutation(order, E));
        QCOMPARE(moe::coActivationOrder(s, E), order);
        // The closest pair of the hidden pattern (a * 37 mod E one apart) merges first: the
        // first two experts are neighbours there.
        QCOMPARE(std::abs((order[0] * 37) % E - (order[1] * 37) % E), 1);
        QVERIFY(moe::coActivationOrder({}, 0).empty());
        QCOMPARE(moe::coActivationOrder({1.0}, 1), (std::vector<int>{0}));
    }
};

QTEST_APPLESS_MAIN(TestCoActivationOrder)
#include "tst_coactivation_order.moc"
