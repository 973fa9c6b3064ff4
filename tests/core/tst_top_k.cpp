// Tests core/model/top_k.h
#include "core/model/top_k.h"
#include "core/model/tensor.h"

#include <QTest>

#include <random>

using namespace moe;

class TestTopK : public QObject {
    Q_OBJECT
private slots:
    void largestFirstTiesToLowerIndex_data();
    void largestFirstTiesToLowerIndex();
};

void TestTopK::largestFirstTiesToLowerIndex_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    // k up to kTopKInsertionMax selects by insertion, above it by sorting: both must agree
    // with a full sort, on scores with many ties.
    for (int n : {1, 2, 5, 16, 64})
        for (int k : {1, 2, 3, 4, 5, 8})
            if (k <= n) QTest::addRow("n=%d k=%d", n, k) << n << k;
}

void TestTopK::largestFirstTiesToLowerIndex() {
    QFETCH(int, n);
    QFETCH(int, k);
    Rng rng(static_cast<std::uint64_t>(n * 31 + k));
    std::uniform_int_distribution<int> level(0, 5);  // six distinct values: ties everywhere
    std::vector<int> order;
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<float> scores(static_cast<std::size_t>(n));
        for (float& s : scores) s = 0.25f * static_cast<float>(level(rng));
        order.assign(static_cast<std::size_t>(n), -7);  // stale contents must not matter
        topK(n, k, order, [&](int e) { return scores[static_cast<std::size_t>(e)]; });
        std::vector<int> expected(static_cast<std::size_t>(n));
        std::iota(expected.begin(), expected.end(), 0);
        std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
            return scores[static_cast<std::size_t>(a)] > scores[static_cast<std::size_t>(b)];
        });
        for (int j = 0; j < k; ++j)
            QCOMPARE(order[static_cast<std::size_t>(j)], expected[static_cast<std::size_t>(j)]);
    }
}

QTEST_APPLESS_MAIN(TestTopK)
#include "tst_top_k.moc"
