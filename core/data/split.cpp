#include "core/data/split.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>

namespace moe {
namespace {

/// How many of `rows` rows go to the test side: testFraction * rows rounded to nearest,
/// then kept within [1, rows - 1] so that neither side is empty when rows >= 2.
std::size_t testCount(std::size_t rows, double testFraction) {
    if (rows < 2) return 0;  // a single row must be trained on; there is nothing to test
    double wanted = std::round(testFraction * static_cast<double>(rows));
    if (!std::isfinite(wanted)) wanted = 0.0;
    wanted = std::clamp(wanted, 1.0, static_cast<double>(rows - 1));
    return static_cast<std::size_t>(wanted);
}

/// Splits `total` test rows over groups of the given sizes in proportion to their sizes
/// (largest remainder), so the per-class counts add up to exactly `total` and each is
/// within one row of its exact share. Ties go to the larger group, then the lower index.
std::vector<std::size_t> apportion(const std::vector<std::size_t>& sizes, std::size_t total) {
    std::size_t all = 0;
    for (std::size_t s : sizes) all += s;
    std::vector<std::size_t> quota(sizes.size(), 0);
    if (all == 0) return quota;
    std::vector<double> remainder(sizes.size(), 0.0);
    std::size_t given = 0;
    for (std::size_t g = 0; g < sizes.size(); ++g) {
        const double exact =
            static_cast<double>(total) * static_cast<double>(sizes[g]) / static_cast<double>(all);
        quota[g] = std::min(sizes[g], static_cast<std::size_t>(std::floor(exact)));
        remainder[g] = exact - static_cast<double>(quota[g]);
        given += quota[g];
    }
    std::vector<std::size_t> order(sizes.size());
    for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
        return sizes[a] > sizes[b];
    });
    // Each pass hands out at most one extra row per group; the loop ends because the
    // groups together hold `all` >= `total` rows.
    while (given < total) {
        for (std::size_t g : order) {
            if (given == total) break;
            if (quota[g] < sizes[g]) {
                ++quota[g];
                ++given;
            }
        }
    }
    return quota;
}

}  // namespace

TrainTestSplit splitTrainTest(const Dataset& data, double testFraction, std::uint64_t seed) {
    assert(testFraction > 0.0 && testFraction < 1.0);
    std::mt19937_64 engine(seed);

    // Group the rows: one group per class, or a single group for regression.
    std::vector<std::vector<std::size_t>> groups;
    if (data.task == Task::Classification && !data.labels.empty()) {
        int classes = data.classCount();
        for (int label : data.labels) classes = std::max(classes, label + 1);
        groups.resize(static_cast<std::size_t>(classes));
        for (std::size_t row = 0; row < data.rows; ++row) {
            assert(data.labels[row] >= 0);
            groups[static_cast<std::size_t>(data.labels[row])].push_back(row);
        }
    } else {
        groups.emplace_back(data.rows);
        for (std::size_t row = 0; row < data.rows; ++row) groups[0][row] = row;
    }

    std::vector<std::size_t> sizes;
    for (const auto& g : groups) sizes.push_back(g.size());
    const std::vector<std::size_t> quota = apportion(sizes, testCount(data.rows, testFraction));

    std::vector<std::size_t> trainRows;
    std::vector<std::size_t> testRows;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::vector<std::size_t>& rows = groups[g];
        std::shuffle(rows.begin(), rows.end(), engine);
        const auto cut = rows.begin() + static_cast<std::ptrdiff_t>(quota[g]);
        testRows.insert(testRows.end(), rows.begin(), cut);
        trainRows.insert(trainRows.end(), cut, rows.end());
    }
    // Keep the original row order on both sides: predictions line up with the source file,
    // and the trainer shuffles batches with its own generator anyway.
    std::sort(trainRows.begin(), trainRows.end());
    std::sort(testRows.begin(), testRows.end());
    return {data.subset(trainRows), data.subset(testRows)};
}

}  // namespace moe
