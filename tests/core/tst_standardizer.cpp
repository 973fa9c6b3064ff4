// Tests core/data/standardizer.*: per-column shift and scale fitted on training rows only.
#include "core/data/standardizer.h"

#include <QtTest/QtTest>

#include <cmath>
#include <vector>

using moe::Dataset;
using moe::Standardizer;

namespace {

Dataset table(std::size_t cols, const std::vector<float>& rowMajor) {
    Dataset d;
    d.cols = cols;
    d.rows = rowMajor.size() / cols;
    d.features = rowMajor;
    for (std::size_t c = 0; c < cols; ++c)
        d.featureNames.push_back(std::string("f").append(std::to_string(c)));
    return d;
}

double columnMean(const Dataset& d, std::size_t c) {
    double sum = 0.0;
    for (std::size_t r = 0; r < d.rows; ++r) sum += d.feature(r, c);
    return sum / static_cast<double>(d.rows);
}

double columnPopulationSd(const Dataset& d, std::size_t c) {
    const double mean = columnMean(d, c);
    double sum = 0.0;
    for (std::size_t r = 0; r < d.rows; ++r)
        sum += (d.feature(r, c) - mean) * (d.feature(r, c) - mean);
    return std::sqrt(sum / static_cast<double>(d.rows));
}

}  // namespace

class TestStandardizer : public QObject {
    Q_OBJECT

private slots:
    void fitsMeanAndPopulationSd() {
        // Column 0: 1 2 3 4 -> mean 2.5, population sd sqrt(1.25) (the sample sd would be
        // sqrt(5/3)); column 1: -10 0 10 20 -> mean 5, sd sqrt(125).
        const Dataset d = table(2, {1, -10, 2, 0, 3, 10, 4, 20});
        Standardizer s;
        s.fit(d);
        QCOMPARE(s.cols(), std::size_t{2});
        QCOMPARE(s.mean()[0], 2.5f);
        QCOMPARE(s.mean()[1], 5.0f);
        QCOMPARE(s.scale()[0], static_cast<float>(std::sqrt(1.25)));
        QCOMPARE(s.scale()[1], static_cast<float>(std::sqrt(125.0)));
    }

    void applyGivesMeanZeroSdOne() {
        Dataset d =
            table(3, {0.5f, 100, -3, 1.5f, 101, 7, 2.0f, 99, 1, -4.0f, 100.5f, 0, 9.0f, 98, 2});
        Standardizer s;
        s.fit(d);
        s.apply(d);
        for (std::size_t c = 0; c < 3; ++c) {
            // Float arithmetic on values near 100: about 1e-6 relative error per row.
            QVERIFY2(std::abs(columnMean(d, c)) < 1e-5, qPrintable(QString::number(c)));
            QVERIFY2(std::abs(columnPopulationSd(d, c) - 1.0) < 1e-5,
                     qPrintable(QString::number(c)));
        }
    }

    void fitUsesOnlyTheRowsItIsGiven() {
        // Fit on train, apply to both: train ends at mean 0 / sd 1, the test rows (drawn from
        // elsewhere) are moved by the train statistics, not by their own.
        Dataset train = table(1, {1, 2, 3, 4});
        Dataset test = table(1, {100, 102});
        Standardizer s;
        s.fit(train);
        s.apply(train);
        s.apply(test);
        QCOMPARE(s.mean()[0], 2.5f);
        QVERIFY(std::abs(columnMean(train, 0)) < 1e-6);
        const float sd = static_cast<float>(std::sqrt(1.25));
        QCOMPARE(test.feature(0, 0), (100.0f - 2.5f) / sd);
        QCOMPARE(test.feature(1, 0), (102.0f - 2.5f) / sd);
    }

    void constantColumnGetsScaleOne_data() {
        QTest::addColumn<float>("value");
        QTest::newRow("zero") << 0.0f;
        QTest::newRow("positive") << 3.25f;
        QTest::newRow("large") << 12345.678f;
        QTest::newRow("tiny") << 1e-30f;
    }

    void constantColumnGetsScaleOne() {
        QFETCH(float, value);
        Dataset d = table(2, {value, 1, value, 2, value, 3});
        Standardizer s;
        s.fit(d);
        QCOMPARE(s.scale()[0], 1.0f);
        QCOMPARE(s.mean()[0], value);
        s.apply(d);
        for (std::size_t r = 0; r < d.rows; ++r) {
            QVERIFY(std::isfinite(d.feature(r, 0)));
            QCOMPARE(d.feature(r, 0), 0.0f);
        }
        QVERIFY(std::abs(columnPopulationSd(d, 1) - 1.0) < 1e-6);  // the other column still scales
    }

    void applyRowMatchesApply() {
        Dataset d = table(2, {1, 5, 2, 7, 6, -1});
        Standardizer s;
        s.fit(d);
        float row[2] = {4.0f, 3.0f};
        s.applyRow(row);
        Dataset one = table(2, {4.0f, 3.0f});
        s.apply(one);
        QCOMPARE(row[0], one.feature(0, 0));
        QCOMPARE(row[1], one.feature(0, 1));
        QCOMPARE(row[0], (4.0f - s.mean()[0]) / s.scale()[0]);
    }

    void constructedFromSavedValues() {
        // A model file restores the scaler from its stored mean and scale.
        const Standardizer s({1.0f, -2.0f}, {2.0f, 0.5f});
        QCOMPARE(s.cols(), std::size_t{2});
        float row[2] = {5.0f, -1.0f};
        s.applyRow(row);
        QCOMPARE(row[0], 2.0f);
        QCOMPARE(row[1], 2.0f);
    }

    void largeOffsetKeepsPrecision() {
        // A one-pass sum-of-squares fit would lose the spread under a mean of 1e4.
        Dataset d = table(1, {10000.0f, 10000.5f, 10001.0f, 10001.5f});
        Standardizer s;
        s.fit(d);
        QCOMPARE(s.mean()[0], 10000.75f);
        QCOMPARE(s.scale()[0], static_cast<float>(std::sqrt(0.3125)));
    }

    void emptyFitIsHarmless() {
        Dataset d = table(3, {});
        Standardizer s;
        s.fit(d);
        QCOMPARE(s.cols(), std::size_t{3});
        for (std::size_t c = 0; c < 3; ++c) {
            QCOMPARE(s.mean()[c], 0.0f);
            QCOMPARE(s.scale()[c], 1.0f);
        }
    }
};

QTEST_APPLESS_MAIN(TestStandardizer)
#include "tst_standardizer.moc"
