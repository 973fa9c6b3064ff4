// Tests core/data/dataset.*: the Dataset value and its subset().
#include "core/data/dataset.h"

#include <QtTest/QtTest>

#include <string>
#include <vector>

using moe::Dataset;
using moe::Task;

namespace {

// 4 rows x 3 cols whose feature (r, c) = 10 * r + c, so every copied value names its source.
Dataset classificationTable() {
    Dataset d;
    d.name = "table";
    d.rows = 4;
    d.cols = 3;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 3; ++c) d.features.push_back(static_cast<float>(10 * r + c));
    d.labels = {0, 1, 2, 1};
    d.featureNames = {"a", "b", "c"};
    d.classNames = {"zero", "one", "two"};
    return d;
}

}  // namespace

class TestDataset : public QObject {
    Q_OBJECT

private slots:
    void taskNames() {
        QCOMPARE(std::string(moe::taskName(Task::Classification)), std::string("classification"));
        QCOMPARE(std::string(moe::taskName(Task::Regression)), std::string("regression"));
    }

    void outputWidth() {
        Dataset d = classificationTable();
        QCOMPARE(d.classCount(), 3);
        QCOMPARE(d.outputWidth(), 3);
        d.task = Task::Regression;
        d.classNames.clear();
        QCOMPARE(d.outputWidth(), 1);
    }

    void subsetKeepsOrderAndRepeats() {
        const Dataset d = classificationTable();
        const Dataset s = d.subset({3, 0, 3});
        QCOMPARE(s.rows, std::size_t{3});
        QCOMPARE(s.cols, std::size_t{3});
        QCOMPARE(s.features.size(), std::size_t{9});
        const std::vector<std::size_t> source{3, 0, 3};
        for (std::size_t r = 0; r < 3; ++r)
            for (std::size_t c = 0; c < 3; ++c)
                QCOMPARE(s.feature(r, c), static_cast<float>(10 * source[r] + c));
        QCOMPARE(s.labels, (std::vector<int>{1, 0, 1}));
        QVERIFY(s.values.empty());
    }

    void subsetKeepsMetadata() {
        const Dataset d = classificationTable();
        const Dataset s = d.subset({1});
        QCOMPARE(s.name, d.name);
        QCOMPARE(s.task, d.task);
        QCOMPARE(s.featureNames, d.featureNames);
        QCOMPARE(s.classNames, d.classNames);
        QCOMPARE(s.classCount(), 3);  // class list is kept even if a class has no rows left
    }

    void subsetOfRegression() {
        Dataset d;
        d.task = Task::Regression;
        d.rows = 3;
        d.cols = 1;
        d.features = {1.f, 2.f, 3.f};
        d.values = {0.5f, -1.f, 7.f};
        const Dataset s = d.subset({2, 1});
        QCOMPARE(s.task, Task::Regression);
        QCOMPARE(s.features, (std::vector<float>{3.f, 2.f}));
        QCOMPARE(s.values, (std::vector<float>{7.f, -1.f}));
        QVERIFY(s.labels.empty());
    }

    void emptySubset() {
        const Dataset s = classificationTable().subset({});
        QCOMPARE(s.rows, std::size_t{0});
        QCOMPARE(s.cols, std::size_t{3});
        QVERIFY(s.features.empty());
        QVERIFY(s.labels.empty());
        QCOMPARE(s.featureNames.size(), std::size_t{3});
    }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
