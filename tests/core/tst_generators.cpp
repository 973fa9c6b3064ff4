// Tests core/data/generators.*: the built-in datasets, their shapes, balance, determinism
// and parameter checks.
#include "core/data/generators.h"
#include "core/data/split.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <utility>
#include <vector>

using moe::Dataset;
using moe::GeneratorInfo;
using moe::GeneratorParams;
using moe::Task;

namespace {

const QStringList kExpectedNames{"spirals", "blobs",  "moons",    "circles",
                                 "checkerboard", "xor", "vowels", "piecewise"};

Dataset generate(const GeneratorParams& params) {
    moe::Result<Dataset> r = moe::generateDataset(params);
    if (!r) qFatal("generateDataset failed: %s", r.error().c_str());
    return std::move(r).value();
}

GeneratorParams defaults(const QString& name) {
    GeneratorParams p;
    p.name = name.toStdString();
    const GeneratorInfo* info = moe::findGenerator(p.name);
    if (!info) qFatal("no generator %s", qPrintable(name));
    p.noise = info->defaultNoise;
    return p;
}

void addGeneratorRows() {
    QTest::addColumn<QString>("name");
    for (const QString& n : kExpectedNames) QTest::newRow(qPrintable(n)) << n;
}

/// k-nearest-neighbour test accuracy on an 80/20 split: a model-free check that the classes
/// are separable at the default noise, so a small network can reach the same.
double knnAccuracy(const Dataset& d, std::uint64_t seed) {
    const moe::TrainTestSplit s = moe::splitTrainTest(d, 0.2, seed);
    constexpr std::size_t k = 5;
    int correct = 0;
    std::vector<std::pair<float, int>> dist(s.train.rows);
    for (std::size_t i = 0; i < s.test.rows; ++i) {
        for (std::size_t j = 0; j < s.train.rows; ++j) {
            const float a = s.test.feature(i, 0) - s.train.feature(j, 0);
            const float b = s.test.feature(i, 1) - s.train.feature(j, 1);
            dist[j] = {a * a + b * b, s.train.labels[j]};
        }
        std::partial_sort(dist.begin(), dist.begin() + k, dist.end());
        std::vector<int> votes(static_cast<std::size_t>(d.classCount()), 0);
        for (std::size_t q = 0; q < k; ++q) ++votes[static_cast<std::size_t>(dist[q].second)];
        const auto best = std::max_element(votes.begin(), votes.end()) - votes.begin();
        if (best == s.test.labels[i]) ++correct;
    }
    return correct / static_cast<double>(s.test.rows);
}

/// Same, as the R^2 of a 5-NN mean for a regression dataset.
double knnR2(const Dataset& d, std::uint64_t seed) {
    const moe::TrainTestSplit s = moe::splitTrainTest(d, 0.2, seed);
    constexpr std::size_t k = 5;
    std::vector<std::pair<float, float>> dist(s.train.rows);
    double mean = 0.0;
    for (float v : s.test.values) mean += v;
    mean /= static_cast<double>(s.test.rows);
    double residual = 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < s.test.rows; ++i) {
        for (std::size_t j = 0; j < s.train.rows; ++j) {
            const float a = s.test.feature(i, 0) - s.train.feature(j, 0);
            const float b = s.test.feature(i, 1) - s.train.feature(j, 1);
            dist[j] = {a * a + b * b, s.train.values[j]};
        }
        std::partial_sort(dist.begin(), dist.begin() + k, dist.end());
        double predicted = 0.0;
        for (std::size_t q = 0; q < k; ++q) predicted += dist[q].second / static_cast<double>(k);
        residual += (s.test.values[i] - predicted) * (s.test.values[i] - predicted);
        total += (s.test.values[i] - mean) * (s.test.values[i] - mean);
    }
    return 1.0 - residual / total;
}

bool near(double a, double b, double tolerance = 1e-4) { return std::abs(a - b) <= tolerance; }

}  // namespace

class TestGenerators : public QObject {
    Q_OBJECT

private slots:
    void listsTheBuiltinsInDisplayOrder() {
        const std::vector<GeneratorInfo>& all = moe::builtinGenerators();
        QStringList names;
        for (const GeneratorInfo& g : all) names << QString::fromStdString(g.name);
        QCOMPARE(names, kExpectedNames);
        QCOMPARE(GeneratorParams{}.name, all.front().name);  // the default dataset comes first
        QCOMPARE(GeneratorParams{}.noise, all.front().defaultNoise);
    }

    void infoIsComplete_data() { addGeneratorRows(); }
    void infoIsComplete() {
        QFETCH(QString, name);
        const GeneratorInfo* info = moe::findGenerator(name.toStdString());
        QVERIFY(info);
        QCOMPARE(QString::fromStdString(info->name), name);
        QVERIFY(info->description.size() > 20);
        QVERIFY(info->description.back() == '.');
        QVERIFY(info->defaultNoise >= 0.0 && info->defaultNoise <= 1.0);
        if (info->task == Task::Regression)
            QCOMPARE(info->classes, 0);
        else
            QVERIFY(info->classes >= 2);
    }

    void unknownNameHasNoInfo() {
        QVERIFY(moe::findGenerator("spiral") == nullptr);
        QVERIFY(moe::findGenerator("") == nullptr);
        QVERIFY(moe::findGenerator("SPIRALS") == nullptr);
    }

    void shapeNamesAndBalance_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("samples");
        for (const QString& n : kExpectedNames) {
            QTest::newRow(qPrintable(n + " 600")) << n << 600;
            QTest::newRow(qPrintable(n + " 10")) << n << 10;
            QTest::newRow(qPrintable(n + " 1003")) << n << 1003;  // not a multiple of 2, 4 or 7
        }
    }
    void shapeNamesAndBalance() {
        QFETCH(QString, name);
        QFETCH(int, samples);
        GeneratorParams p = defaults(name);
        p.samples = samples;
        const Dataset d = generate(p);
        const GeneratorInfo& info = *moe::findGenerator(p.name);
        const auto rows = static_cast<std::size_t>(samples);

        QCOMPARE(d.name, p.name);
        QCOMPARE(d.task, info.task);
        QCOMPARE(d.rows, rows);
        QCOMPARE(d.cols, std::size_t{2});
        QCOMPARE(d.features.size(), 2 * rows);
        QCOMPARE(d.featureNames, (std::vector<std::string>{"x1", "x2"}));
        for (float v : d.features) {
            QVERIFY(std::isfinite(v));
            // Noise-free points lie in [-3, 3]^2; allow six standard deviations of noise.
            QVERIFY2(std::abs(v) <= 3.0 + 6.0 * p.noise + 1e-6, qPrintable(QString::number(v)));
        }

        if (info.task == Task::Regression) {
            QCOMPARE(d.values.size(), rows);
            QVERIFY(d.labels.empty());
            QVERIFY(d.classNames.empty());
            QCOMPARE(d.outputWidth(), 1);
            for (float v : d.values) QVERIFY(std::isfinite(v));
            return;
        }
        QVERIFY(d.values.empty());
        QCOMPARE(d.labels.size(), rows);
        QCOMPARE(d.classCount(), info.classes);
        const std::set<std::string> distinct(d.classNames.begin(), d.classNames.end());
        QCOMPARE(distinct.size(), d.classNames.size());
        for (const std::string& c : d.classNames) QVERIFY(!c.empty());

        std::vector<int> counts(static_cast<std::size_t>(d.classCount()), 0);
        for (int label : d.labels) {
            QVERIFY(label >= 0 && label < d.classCount());
            ++counts[static_cast<std::size_t>(label)];
        }
        const auto [least, most] = std::minmax_element(counts.begin(), counts.end());
        QVERIFY2(*most - *least <= 1, "classes must be split as evenly as possible");
        // Any prefix is balanced too (classes interleave), which probe sets rely on.
        const int prefix = std::min(samples, 4 * d.classCount());
        std::vector<int> prefixCounts(counts.size(), 0);
        for (int r = 0; r < prefix; ++r)
            ++prefixCounts[static_cast<std::size_t>(d.labels[static_cast<std::size_t>(r)])];
        const auto [pl, pm] = std::minmax_element(prefixCounts.begin(), prefixCounts.end());
        QVERIFY(*pm - *pl <= 1);
    }

    void sameSeedSameData_data() { addGeneratorRows(); }
    void sameSeedSameData() {
        QFETCH(QString, name);
        GeneratorParams p = defaults(name);
        p.seed = 12345;
        const Dataset a = generate(p);
        const Dataset b = generate(p);
        QCOMPARE(a.features, b.features);
        QCOMPARE(a.labels, b.labels);
        QCOMPARE(a.values, b.values);
    }

    void differentSeedDifferentData_data() { addGeneratorRows(); }
    void differentSeedDifferentData() {
        QFETCH(QString, name);
        GeneratorParams p = defaults(name);
        const Dataset a = generate(p);
        p.seed += 1;
        const Dataset b = generate(p);
        QVERIFY(a.features != b.features);
    }

    void noiseOnlyJittersTheSamePoints_data() { addGeneratorRows(); }
    void noiseOnlyJittersTheSamePoints() {
        // Same seed, noise 0 vs 0.05: the same underlying points, moved by about the noise.
        // This is what lets a noise slider blur a scene rather than reshuffle it.
        QFETCH(QString, name);
        GeneratorParams p = defaults(name);
        p.noise = 0.0;
        const Dataset clean = generate(p);
        p.noise = 0.05;
        const Dataset noisy = generate(p);
        QCOMPARE(clean.labels, noisy.labels);
        double sumSq = 0.0;
        for (std::size_t i = 0; i < clean.features.size(); ++i)
            sumSq += std::pow(clean.features[i] - noisy.features[i], 2);
        for (std::size_t i = 0; i < clean.values.size(); ++i)
            sumSq += std::pow(clean.values[i] - noisy.values[i], 2);
        const std::size_t moved =
            clean.task == Task::Regression ? clean.values.size() : clean.features.size();
        const double rms = std::sqrt(sumSq / static_cast<double>(moved));
        QVERIFY2(rms > 0.04 && rms < 0.06, qPrintable(QString::number(rms)));
    }

    void noiseIsTheGaussianSd() {
        // Blobs: each cluster's spread is the noise itself.
        GeneratorParams p{.name = "blobs", .samples = 40000, .noise = 0.3, .seed = 3};
        const Dataset d = generate(p);
        for (int c = 0; c < d.classCount(); ++c)
            for (std::size_t col = 0; col < 2; ++col) {
                double sum = 0.0, sumSq = 0.0;
                int n = 0;
                for (std::size_t r = 0; r < d.rows; ++r) {
                    if (d.labels[r] != c) continue;
                    sum += d.feature(r, col);
                    sumSq += d.feature(r, col) * d.feature(r, col);
                    ++n;
                }
                const double mean = sum / n;
                const double sd = std::sqrt(sumSq / n - mean * mean);
                QVERIFY2(std::abs(sd - 0.3) < 0.015, qPrintable(QString::number(sd)));
            }
    }

    void piecewiseNoiseIsOnTheTarget() {
        GeneratorParams p{.name = "piecewise", .samples = 20000, .noise = 0.0, .seed = 9};
        const Dataset clean = generate(p);
        p.noise = 0.25;
        const Dataset noisy = generate(p);
        QCOMPARE(clean.features, noisy.features);  // inputs stay exact
        double sumSq = 0.0;
        for (std::size_t i = 0; i < clean.rows; ++i)
            sumSq += std::pow(noisy.values[i] - clean.values[i], 2);
        const double sd = std::sqrt(sumSq / static_cast<double>(clean.rows));
        QVERIFY2(std::abs(sd - 0.25) < 0.01, qPrintable(QString::number(sd)));
    }

    void separableAtDefaultNoise_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("minimum");
        // 5-NN on 600 points; a trained network does better than 5-NN on these shapes.
        QTest::newRow("spirals") << "spirals" << 0.97;
        QTest::newRow("blobs") << "blobs" << 0.99;
        QTest::newRow("moons") << "moons" << 0.97;
        QTest::newRow("circles") << "circles" << 0.97;
        QTest::newRow("checkerboard") << "checkerboard" << 0.9;  // 16 cells of ~37 points each
        QTest::newRow("xor") << "xor" << 0.99;
        QTest::newRow("vowels") << "vowels" << 0.85;  // about 0.90: the pairs overlap on purpose
        // 5-NN blurs the jumps between quadrants and the sine's peaks (R^2 about 0.83); the
        // noise alone would allow about 0.99.
        QTest::newRow("piecewise (R^2)") << "piecewise" << 0.75;
    }
    void separableAtDefaultNoise() {
        QFETCH(QString, name);
        QFETCH(double, minimum);
        GeneratorParams p = defaults(name);
        double sum = 0.0;
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            p.seed = seed;
            const Dataset d = generate(p);
            sum += d.task == Task::Regression ? knnR2(d, seed) : knnAccuracy(d, seed);
        }
        const double score = sum / 3.0;
        QVERIFY2(score >= minimum, qPrintable(QStringLiteral("score %1").arg(score)));
    }

    // Geometry at zero noise: each generator draws the shape its description promises.

    void spiralsGeometry() {
        const Dataset d = generate({.name = "spirals", .samples = 400, .noise = 0.0});
        const double pi = std::numbers::pi;
        for (std::size_t r = 0; r < d.rows; ++r) {
            const double x = d.feature(r, 0), y = d.feature(r, 1);
            const double radius = std::hypot(x, y);
            QVERIFY(radius >= 0.3 - 1e-5 && radius <= 2.8 + 1e-5);
            // Radius grows linearly with angle over 1.5 turns; arm B is arm A turned by pi.
            const double t = (radius - 0.3) / 2.5;
            const double angle = 3.0 * pi * t + pi * d.labels[r];
            QVERIFY(near(x, radius * std::cos(angle), 2e-3));
            QVERIFY(near(y, radius * std::sin(angle), 2e-3));
        }
    }

    void blobsGeometry_data() {
        QTest::addColumn<int>("clusters");
        for (int k : {2, 3, 4, 7, 10}) QTest::newRow(qPrintable(QString::number(k))) << k;
    }
    void blobsGeometry() {
        QFETCH(int, clusters);
        const Dataset d =
            generate({.name = "blobs", .samples = 100, .noise = 0.0, .clusters = clusters});
        QCOMPARE(d.classCount(), clusters);
        std::vector<std::pair<float, float>> centre(static_cast<std::size_t>(clusters), {NAN, NAN});
        for (std::size_t r = 0; r < d.rows; ++r) {
            auto& c = centre[static_cast<std::size_t>(d.labels[r])];
            if (std::isnan(c.first)) c = {d.feature(r, 0), d.feature(r, 1)};
            QCOMPARE(d.feature(r, 0), c.first);  // zero noise: every point at its centre
            QCOMPARE(d.feature(r, 1), c.second);
        }
        for (std::size_t a = 0; a < centre.size(); ++a) {
            QVERIFY(near(std::hypot(centre[a].first, centre[a].second), 2.0));
            for (std::size_t b = 0; b < a; ++b)
                QVERIFY(std::hypot(centre[a].first - centre[b].first,
                                   centre[a].second - centre[b].second) > 1.0);
        }
    }

    void moonsGeometry() {
        const Dataset d = generate({.name = "moons", .samples = 300, .noise = 0.0});
        for (std::size_t r = 0; r < d.rows; ++r) {
            // Undo the centring and scaling to get scikit-learn's unit half circles.
            const double x = d.feature(r, 0) / 2.0 + 0.5, y = d.feature(r, 1) / 2.0 + 0.25;
            if (d.labels[r] == 0) {
                QVERIFY(near(std::hypot(x, y), 1.0));
                QVERIFY(y >= -1e-5);
            } else {
                QVERIFY(near(std::hypot(x - 1.0, y - 0.5), 1.0));
                QVERIFY(y <= 0.5 + 1e-5);
            }
        }
    }

    void circlesGeometry() {
        const Dataset d = generate({.name = "circles", .samples = 300, .noise = 0.0});
        QCOMPARE(d.classNames, (std::vector<std::string>{"inner", "outer"}));
        for (std::size_t r = 0; r < d.rows; ++r)
            QVERIFY(
                near(std::hypot(d.feature(r, 0), d.feature(r, 1)), d.labels[r] == 0 ? 1.0 : 2.0));
    }

    void boardGeometry_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cells");
        QTest::newRow("checkerboard") << "checkerboard" << 4;
        QTest::newRow("xor") << "xor" << 2;
    }
    void boardGeometry() {
        QFETCH(QString, name);
        QFETCH(int, cells);
        const Dataset d = generate({.name = name.toStdString(), .samples = 2000, .noise = 0.0});
        const double cell = 6.0 / cells;
        std::set<std::pair<int, int>> used;
        for (std::size_t r = 0; r < d.rows; ++r) {
            const int column = static_cast<int>(std::floor((d.feature(r, 0) + 3.0) / cell));
            const int row = static_cast<int>(std::floor((d.feature(r, 1) + 3.0) / cell));
            QVERIFY(column >= 0 && column < cells && row >= 0 && row < cells);
            QCOMPARE(d.labels[r], (column + row) % 2);
            used.insert({column, row});
        }
        QCOMPARE(static_cast<int>(used.size()), cells * cells);  // every square is filled
        if (cells == 2)  // XOR: class 1 exactly where the coordinates have opposite signs
            for (std::size_t r = 0; r < d.rows; ++r)
                QCOMPARE(d.labels[r], d.feature(r, 0) * d.feature(r, 1) < 0 ? 1 : 0);
    }

    void vowelsGeometry() {
        // Undo the vowel-chart layout: x1 falls from 3 to -3 as F2 rises from 800 to 2800 Hz,
        // x2 as F1 rises from 200 to 900 Hz. At zero noise every point is its vowel's mean
        // formants (Peterson and Barney 1952, men) times one speaker scale in [0.85, 1.2].
        const Dataset d = generate({.name = "vowels", .samples = 400, .noise = 0.0});
        QCOMPARE(d.classNames, (std::vector<std::string>{"heed", "hid", "hod", "hud"}));
        const double mean[4][2] = {{270, 2290}, {390, 1990}, {730, 1090}, {640, 1190}};
        double centre[4][2] = {};
        for (std::size_t r = 0; r < d.rows; ++r) {
            const double f2 = 800.0 + (3.0 - d.feature(r, 0)) / 6.0 * 2000.0;
            const double f1 = 200.0 + (3.0 - d.feature(r, 1)) / 6.0 * 700.0;
            const auto c = static_cast<std::size_t>(d.labels[r]);
            const double scale = f1 / mean[c][0];
            QVERIFY2(near(f2 / mean[c][1], scale, 1e-4), qPrintable(QString::number(r)));
            QVERIFY(scale >= 0.85 - 1e-4 && scale <= 1.2 + 1e-4);
            centre[c][0] += d.feature(r, 0) / 100.0;
            centre[c][1] += d.feature(r, 1) / 100.0;
        }
        // Two regions of two close classes: each vowel's nearest neighbour is its pair's other.
        const auto distance = [&](int a, int b) {
            return std::hypot(centre[a][0] - centre[b][0], centre[a][1] - centre[b][1]);
        };
        for (const auto& [a, b] : {std::pair{0, 1}, std::pair{2, 3}})
            for (int other = 0; other < 4; ++other) {
                if (other == a || other == b) continue;
                QVERIFY(distance(a, b) < distance(a, other));
                QVERIFY(distance(a, b) < distance(b, other));
            }
    }

    void piecewiseGeometry() {
        const Dataset d = generate({.name = "piecewise", .samples = 400, .noise = 0.0});
        int perQuadrant[4] = {0, 0, 0, 0};
        std::vector<std::size_t> plane;
        for (std::size_t r = 0; r < d.rows; ++r) {
            const double x1 = d.feature(r, 0), x2 = d.feature(r, 1), y = d.values[r];
            const int q = x1 >= 0 ? (x2 >= 0 ? 0 : 3) : (x2 >= 0 ? 1 : 2);
            ++perQuadrant[q];
            if (q == 0) plane.push_back(r);
            if (q == 3) QCOMPARE(y, -1.0);                   // the constant quadrant
            if (q == 2) QVERIFY(y >= -1.0 - 1e-6);           // the bowl's lowest point is -1
            if (q == 1) QVERIFY(std::abs(y) <= 1.2 + 1e-6);  // the sine's amplitude
        }
        for (int count : perQuadrant) QCOMPARE(count, 100);
        // The first quadrant is a plane: three of its points predict every other exactly.
        QVERIFY(plane.size() > 3);
        const auto at = [&](std::size_t i, std::size_t c) {
            return static_cast<double>(d.feature(plane[i], c));
        };
        const double ax = at(1, 0) - at(0, 0), ay = at(1, 1) - at(0, 1);
        const double bx = at(2, 0) - at(0, 0), by = at(2, 1) - at(0, 1);
        const double az = d.values[plane[1]] - d.values[plane[0]];
        const double bz = d.values[plane[2]] - d.values[plane[0]];
        const double det = ax * by - ay * bx;
        const double gx = (az * by - ay * bz) / det, gy = (ax * bz - az * bx) / det;
        for (std::size_t i = 3; i < plane.size(); ++i) {
            const double predicted =
                d.values[plane[0]] + gx * (at(i, 0) - at(0, 0)) + gy * (at(i, 1) - at(0, 1));
            QVERIFY(near(predicted, d.values[plane[i]], 1e-3));
        }
    }

    void acceptsTheLimits_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("samples");
        QTest::addColumn<double>("noise");
        QTest::addColumn<int>("clusters");
        QTest::newRow("10 samples") << "spirals" << 10 << 0.1 << 4;
        QTest::newRow("1,000,000 samples") << "moons" << 1000000 << 0.1 << 4;
        QTest::newRow("noise 0") << "circles" << 600 << 0.0 << 4;
        QTest::newRow("noise 10") << "xor" << 600 << 10.0 << 4;
        QTest::newRow("2 clusters") << "blobs" << 600 << 0.4 << 2;
        QTest::newRow("10 clusters") << "blobs" << 600 << 0.4 << 10;
        QTest::newRow("clusters ignored when not blobs") << "spirals" << 600 << 0.1 << 0;
    }
    void acceptsTheLimits() {
        QFETCH(QString, name);
        QFETCH(int, samples);
        QFETCH(double, noise);
        QFETCH(int, clusters);
        const moe::Result<Dataset> r = moe::generateDataset(
            {.name = name.toStdString(), .samples = samples, .noise = noise, .clusters = clusters});
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(r.value().rows, static_cast<std::size_t>(samples));
        if (name == "blobs") QCOMPARE(r.value().classCount(), clusters);
    }

    void rejectsBadParameters_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("samples");
        QTest::addColumn<double>("noise");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<QString>("message");
        const double inf = std::numeric_limits<double>::infinity();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("unknown name")
            << "spiral" << 600 << 0.1 << 4
            << "unknown dataset 'spiral' (built-in: spirals, blobs, moons, circles, "
               "checkerboard, xor, vowels, piecewise)";
        QTest::newRow("empty name") << "" << 600 << 0.1 << 4 << "unknown dataset ''";
        QTest::newRow("9 samples") << "spirals" << 9 << 0.1 << 4 << "samples";
        QTest::newRow("negative samples") << "blobs" << -5 << 0.1 << 4 << "samples";
        QTest::newRow("1,000,001 samples") << "moons" << 1000001 << 0.1 << 4 << "samples";
        QTest::newRow("negative noise") << "circles" << 600 << -0.01 << 4 << "noise";
        QTest::newRow("noise above 10") << "xor" << 600 << 10.5 << 4 << "noise";
        QTest::newRow("infinite noise") << "checkerboard" << 600 << inf << 4 << "noise";
        QTest::newRow("NaN noise") << "piecewise" << 600 << nan << 4 << "noise";
        QTest::newRow("1 cluster") << "blobs" << 600 << 0.4 << 1 << "clusters";
        QTest::newRow("11 clusters") << "blobs" << 600 << 0.4 << 11 << "clusters";
    }
    void rejectsBadParameters() {
        QFETCH(QString, name);
        QFETCH(int, samples);
        QFETCH(double, noise);
        QFETCH(int, clusters);
        QFETCH(QString, message);
        const moe::Result<Dataset> r = moe::generateDataset(
            {.name = name.toStdString(), .samples = samples, .noise = noise, .clusters = clusters});
        QVERIFY(!r.ok());
        const QString error = QString::fromStdString(r.error());
        QVERIFY2(error.startsWith(message), qPrintable(error));
        QVERIFY(!error.contains('\n'));  // one line for stderr and the status bar
    }
};

QTEST_APPLESS_MAIN(TestGenerators)
#include "tst_generators.moc"
