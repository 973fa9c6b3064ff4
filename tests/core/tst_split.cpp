// Tests core/data/split.*: seeded, stratified train/test splits.
#include "core/data/split.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

using moe::Dataset;
using moe::Task;

namespace {

// `perClass[c]` rows of class c (or, for regression, the sum of them as one group), one
// feature holding the row's index so every split row can be traced back to its source.
Dataset indexedDataset(const std::vector<int>& perClass, Task task = Task::Classification) {
    Dataset d;
    d.name = "indexed";
    d.task = task;
    d.cols = 1;
    d.featureNames = {"index"};
    for (std::size_t c = 0; c < perClass.size(); ++c) {
        if (task == Task::Classification)
            d.classNames.push_back(std::string("c").append(std::to_string(c)));
        for (int i = 0; i < perClass[c]; ++i) {
            d.features.push_back(static_cast<float>(d.rows));
            if (task == Task::Classification)
                d.labels.push_back(static_cast<int>(c));
            else
                d.values.push_back(static_cast<float>(d.rows) * 0.5f);
            ++d.rows;
        }
    }
    return d;
}

std::vector<std::size_t> sourceRows(const Dataset& d) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < d.rows; ++r)
        rows.push_back(static_cast<std::size_t>(d.feature(r, 0)));
    return rows;
}

int countLabel(const Dataset& d, int label) {
    return static_cast<int>(std::count(d.labels.begin(), d.labels.end(), label));
}

}  // namespace

class TestSplit : public QObject {
    Q_OBJECT

private slots:
    void partitionsTheRows_data() {
        QTest::addColumn<QList<int>>("perClass");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("expectedTest");

        QTest::newRow("balanced 100, 0.2") << QList<int>{50, 50} << 0.2 << 20;
        QTest::newRow("unbalanced 90/10, 0.2") << QList<int>{90, 10} << 0.2 << 20;
        QTest::newRow("three classes, 0.25") << QList<int>{40, 30, 30} << 0.25 << 25;
        QTest::newRow("half rounds up: 0.25 of 10") << QList<int>{5, 5} << 0.25 << 3;
        QTest::newRow("rounds down: 0.24 of 10") << QList<int>{5, 5} << 0.24 << 2;
        QTest::newRow("tiny fraction keeps one test row") << QList<int>{5, 5} << 0.01 << 1;
        QTest::newRow("huge fraction keeps one train row") << QList<int>{5, 5} << 0.99 << 9;
        QTest::newRow("two rows") << QList<int>{1, 1} << 0.2 << 1;
        QTest::newRow("two rows, one class") << QList<int>{2} << 0.8 << 1;
        QTest::newRow("a class with no rows") << QList<int>{0, 30, 10} << 0.5 << 20;
    }

    void partitionsTheRows() {
        QFETCH(QList<int>, perClass);
        QFETCH(double, fraction);
        QFETCH(int, expectedTest);
        const Dataset d = indexedDataset(std::vector<int>(perClass.begin(), perClass.end()));

        const moe::TrainTestSplit s = moe::splitTrainTest(d, fraction, 42);

        QCOMPARE(static_cast<int>(s.test.rows), expectedTest);
        QCOMPARE(s.train.rows + s.test.rows, d.rows);
        QVERIFY(s.train.rows >= 1);
        QVERIFY(s.test.rows >= 1);
        QCOMPARE(s.train.features.size(), s.train.rows);
        QCOMPARE(s.train.labels.size(), s.train.rows);
        QCOMPARE(s.test.labels.size(), s.test.rows);

        // Disjoint and covering: every source row appears exactly once.
        std::vector<std::size_t> all = sourceRows(s.train);
        const std::vector<std::size_t> test = sourceRows(s.test);
        all.insert(all.end(), test.begin(), test.end());
        std::sort(all.begin(), all.end());
        for (std::size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], i);

        // Labels travel with their rows.
        for (const Dataset* side : {&s.train, &s.test})
            for (std::size_t r = 0; r < side->rows; ++r)
                QCOMPARE(side->labels[r], d.labels[static_cast<std::size_t>(side->feature(r, 0))]);

        // Each side keeps the source order.
        const std::vector<std::size_t> trainRows = sourceRows(s.train);
        QVERIFY(std::is_sorted(trainRows.begin(), trainRows.end()));
        QVERIFY(std::is_sorted(test.begin(), test.end()));

        QCOMPARE(s.train.classNames, d.classNames);
        QCOMPARE(s.test.featureNames, d.featureNames);
    }

    void stratifies_data() {
        QTest::addColumn<QList<int>>("perClass");
        QTest::addColumn<double>("fraction");

        QTest::newRow("90/10 at 0.2") << QList<int>{90, 10} << 0.2;
        QTest::newRow("40/30/30 at 0.25") << QList<int>{40, 30, 30} << 0.25;
        QTest::newRow("7/7/7 at 0.3") << QList<int>{7, 7, 7} << 0.3;
        QTest::newRow("500/30/3 at 0.1") << QList<int>{500, 30, 3} << 0.1;
        QTest::newRow("11/13 at 0.5") << QList<int>{11, 13} << 0.5;
    }

    void stratifies() {
        QFETCH(QList<int>, perClass);
        QFETCH(double, fraction);
        const Dataset d = indexedDataset(std::vector<int>(perClass.begin(), perClass.end()));
        const double share =
            static_cast<double>(std::lround(fraction * static_cast<double>(d.rows))) /
            static_cast<double>(d.rows);
        // Several seeds: stratification must not depend on luck.
        for (std::uint64_t seed : {1u, 2u, 3u, 99u}) {
            const moe::TrainTestSplit s = moe::splitTrainTest(d, fraction, seed);
            for (int c = 0; c < perClass.size(); ++c) {
                const double exact = share * perClass[c];
                const int got = countLabel(s.test, c);
                QVERIFY2(std::abs(got - exact) < 1.0,
                         qPrintable(QStringLiteral("class %1: %2 test rows, exact share %3")
                                        .arg(c)
                                        .arg(got)
                                        .arg(exact)));
                QCOMPARE(countLabel(s.train, c) + got, perClass[c]);
            }
        }
    }

    void sameSeedSameSplit() {
        const Dataset d = indexedDataset({60, 40});
        const moe::TrainTestSplit a = moe::splitTrainTest(d, 0.2, 7);
        const moe::TrainTestSplit b = moe::splitTrainTest(d, 0.2, 7);
        QCOMPARE(sourceRows(a.test), sourceRows(b.test));
        QCOMPARE(sourceRows(a.train), sourceRows(b.train));
    }

    void differentSeedDifferentSplit() {
        const Dataset d = indexedDataset({60, 40});
        const moe::TrainTestSplit a = moe::splitTrainTest(d, 0.2, 7);
        const moe::TrainTestSplit b = moe::splitTrainTest(d, 0.2, 8);
        QVERIFY(sourceRows(a.test) != sourceRows(b.test));
    }

    void testRowsAreSpreadOut() {
        // A split that always took the first rows of each class would pass the counts above;
        // over many seeds every row should land in the test side at least once.
        const Dataset d = indexedDataset({20, 20});
        std::set<std::size_t> seen;
        for (std::uint64_t seed = 0; seed < 200; ++seed)
            for (std::size_t r : sourceRows(moe::splitTrainTest(d, 0.25, seed).test))
                seen.insert(r);
        QCOMPARE(seen.size(), d.rows);
    }

    void regression() {
        const Dataset d = indexedDataset({37}, Task::Regression);
        const moe::TrainTestSplit s = moe::splitTrainTest(d, 0.3, 5);
        QCOMPARE(s.test.rows, std::size_t{11});  // round(0.3 * 37) = 11
        QCOMPARE(s.train.rows, std::size_t{26});
        QVERIFY(s.train.labels.empty());
        QCOMPARE(s.train.values.size(), s.train.rows);
        QCOMPARE(s.test.values.size(), s.test.rows);
        for (std::size_t r = 0; r < s.test.rows; ++r)
            QCOMPARE(s.test.values[r], s.test.feature(r, 0) * 0.5f);
        QCOMPARE(s.test.task, Task::Regression);
    }

    void singleRowGoesToTraining() {
        const Dataset d = indexedDataset({1});
        const moe::TrainTestSplit s = moe::splitTrainTest(d, 0.2, 1);
        QCOMPARE(s.train.rows, std::size_t{1});
        QCOMPARE(s.test.rows, std::size_t{0});
    }

    void emptyDataset() {
        const Dataset d = indexedDataset({0, 0});
        const moe::TrainTestSplit s = moe::splitTrainTest(d, 0.2, 1);
        QCOMPARE(s.train.rows, std::size_t{0});
        QCOMPARE(s.test.rows, std::size_t{0});
        QCOMPARE(s.train.classNames.size(), std::size_t{2});
    }
};

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
