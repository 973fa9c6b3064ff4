// Tests core/data/pca.*: principal axes of standardised data, projection, the plane's
// points in raw units, and known values on iris.
#include "core/data/bundled_datasets.h"
#include "core/data/pca.h"

#include <QtTest/QtTest>

#include <cmath>
#include <random>

using moe::Dataset;
using moe::Pca;

namespace {

/// 500 rows: x ~ N(0, 1), y = 10 x + small noise (other units), z = constant 3.
Dataset lineData() {
    Dataset d;
    d.rows = 500;
    d.cols = 3;
    d.featureNames = {"x", "y", "z"};
    std::mt19937 rng(5);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (std::size_t r = 0; r < d.rows; ++r) {
        const float x = g(rng);
        d.features.insert(d.features.end(), {x, 10.0f * x + 0.01f * g(rng), 3.0f});
    }
    return d;
}

}  // namespace

class TestPca : public QObject {
    Q_OBJECT

private slots:
    void findsTheLine() {
        const Dataset d = lineData();
        Pca pca;
        pca.fit(d, 2);
        QCOMPARE(pca.components(), 2);
        QCOMPARE(pca.cols(), std::size_t{3});
        // Standardised, x and y weigh the same; the constant z carries nothing.
        const float h = static_cast<float>(1.0 / std::sqrt(2.0));
        QVERIFY(std::abs(pca.axes()[0] - h) < 1e-3f);
        QVERIFY(std::abs(pca.axes()[1] - h) < 1e-3f);
        QVERIFY(std::abs(pca.axes()[2]) < 1e-6f);
        QVERIFY(pca.explainedVariance()[0] > 0.999);
        QVERIFY(pca.explainedVariance()[0] + pca.explainedVariance()[1] <= 1.0 + 1e-9);
        for (float v : pca.axes()) QVERIFY(std::isfinite(v));
    }

    void projectsAndMapsBack() {
        const Dataset d = lineData();
        Pca pca;
        pca.fit(d, 2);
        const std::vector<float> xy = pca.project(d);
        QCOMPARE(xy.size(), d.rows * 2);
        double mean0 = 0.0;
        for (std::size_t r = 0; r < d.rows; ++r) mean0 += xy[r * 2];
        QVERIFY(std::abs(mean0 / static_cast<double>(d.rows)) < 1e-4);
        // The plane's origin is the data mean; a step of 1 along axis 0 is one standardised
        // unit along it.
        const std::vector<float> origin = pca.pointOnPlane(0.0, 0.0);
        for (std::size_t c = 0; c < 3; ++c) QCOMPARE(origin[c], pca.mean()[c]);
        Dataset one;
        one.rows = 1;
        one.cols = 3;
        one.features = pca.pointOnPlane(1.5, -0.5);
        const std::vector<float> back = pca.project(one);
        QVERIFY(std::abs(back[0] - 1.5f) < 1e-4f);
        QVERIFY(std::abs(back[1] + 0.5f) < 1e-4f);
    }

    void irisKnownShares() {
        // Standardised iris: the first two components explain 72.96% and 22.85%.
        moe::Result<Dataset> iris = moe::loadBundledDataset("iris");
        QVERIFY(iris.ok());
        Pca pca;
        pca.fit(iris.value(), 2);
        QVERIFY(std::abs(pca.explainedVariance()[0] - 0.7296) < 5e-4);
        QVERIFY(std::abs(pca.explainedVariance()[1] - 0.2285) < 5e-4);
    }

    void fewerColumnsThanComponents() {
        Dataset d;
        d.rows = 3;
        d.cols = 1;
        d.features = {1, 2, 4};
        Pca pca;
        pca.fit(d, 2);
        QCOMPARE(pca.components(), 1);
        QCOMPARE(pca.project(d).size(), std::size_t{3});
        Dataset empty;
        pca.fit(empty, 2);
        QCOMPARE(pca.components(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPca)
#include "tst_pca.moc"
