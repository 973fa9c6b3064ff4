// Tests core/data/pca.*: principal axes of standardised data, projection, the plane's
// points in raw units, and known values on iris.
#include "core/data/bundled_datasets.h"
#include "core/data/pca.h"

#include <Eigen/Dense>
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

/// `rows` x `cols` data with a few strong directions of distinct variance (3, 2, 1.5 times
/// a shared factor) over independent noise, in columns of different units.
Dataset structuredData(std::size_t rows, std::size_t cols, unsigned seed) {
    Dataset d;
    d.rows = rows;
    d.cols = cols;
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<std::vector<double>> loadings(3, std::vector<double>(cols));
    for (auto& l : loadings)
        for (double& v : l) v = g(rng);
    const double weight[3] = {3.0, 2.0, 1.5};
    for (std::size_t r = 0; r < rows; ++r) {
        double f[3];
        for (double& v : f) v = g(rng);
        for (std::size_t c = 0; c < cols; ++c) {
            double v = 0.3 * g(rng);
            for (int k = 0; k < 3; ++k) v += weight[k] * f[k] * loadings[k][c];
            d.features.push_back(static_cast<float>(v * static_cast<double>(c % 7 + 1) + static_cast<double>(c)));
        }
    }
    return d;
}

double dot(const Pca& a, const Pca& b, int k) {
    double sum = 0.0;
    const std::size_t n = a.cols();
    for (std::size_t c = 0; c < n; ++c)
        sum += static_cast<double>(a.axes()[k * n + c]) * b.axes()[k * n + c];
    return sum;
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

    void iterativeMatchesExact() {
        // Subspace iteration finds the exact method's axes (same sign, by the same rule)
        // and shares, on shapes wider and narrower than the rows.
        const std::pair<std::size_t, std::size_t> shapes[] = {{300, 5}, {200, 40}, {60, 150}};
        for (const auto& [rows, cols] : shapes) {
            const Dataset d = structuredData(rows, cols, static_cast<unsigned>(rows + cols));
            Pca exact;
            exact.fit(d, 2, Pca::Method::Exact);
            Pca iterative;
            iterative.fit(d, 2, Pca::Method::Iterative);
            for (int k = 0; k < 2; ++k) {
                QVERIFY2(dot(exact, iterative, k) > 1.0 - 1e-6,
                         qPrintable(QString("%1x%2 axis %3: %4").arg(rows).arg(cols).arg(k).arg(
                             dot(exact, iterative, k), 0, 'g', 12)));
                QVERIFY(std::abs(exact.explainedVariance()[k] -
                                 iterative.explainedVariance()[k]) < 1e-9);
            }
        }
    }

    void wideDataIsIterativeAndDeterministic() {
        // 50 rows x 4,000 columns: the exact method would need a 4,000 x 4,000 covariance.
        // The axes are those of the rows' 50 x 50 Gram matrix (the same principal
        // directions, computed here independently), and two fits agree bit for bit.
        const Dataset d = structuredData(50, 4000, 11);
        Pca pca;
        pca.fit(d, 2);
        Pca again;
        again.fit(d, 2);
        QVERIFY(pca.axes() == again.axes());
        QVERIFY(pca.explainedVariance() == again.explainedVariance());

        Eigen::MatrixXd x(50, 4000);
        for (Eigen::Index r = 0; r < 50; ++r)
            for (Eigen::Index c = 0; c < 4000; ++c)
                x(r, c) = (d.feature(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) -
                           pca.mean()[static_cast<std::size_t>(c)]) /
                          pca.scale()[static_cast<std::size_t>(c)];
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> gram(x * x.transpose());
        for (int k = 0; k < 2; ++k) {
            const Eigen::VectorXd u = gram.eigenvectors().col(49 - k);
            const Eigen::VectorXd axis = (x.transpose() * u).normalized();
            double agree = 0.0;
            for (Eigen::Index c = 0; c < 4000; ++c)
                agree += axis(c) * pca.axes()[static_cast<std::size_t>(k * 4000 + c)];
            QVERIFY2(std::abs(agree) > 1.0 - 1e-6, qPrintable(QString::number(agree, 'g', 12)));
            const double share = gram.eigenvalues()(49 - k) / x.squaredNorm();
            QVERIFY(std::abs(share - pca.explainedVariance()[static_cast<std::size_t>(k)]) < 1e-6);
        }
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
