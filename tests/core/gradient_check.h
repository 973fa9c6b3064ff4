#pragma once
// Test utility: central-difference gradient checks with a relative error norm
// (mlpack's ann_test_tools, ggml's test-backend-ops do the same).
//
//   double err = relativeGradientError(weight, analyticGrad, [&] { return lossOf(model); });
//   QVERIFY2(err < 1e-2, ...);

#include "core/model/tensor.h"

#include <cmath>
#include <functional>
#include <random>

namespace moe::test {

/// Perturbs every entry of `param` by +-eps, recomputes `loss`, and returns
/// ||analytic - numeric|| / (||analytic|| + ||numeric||), or 0 when both are exactly zero.
/// `param` is restored afterwards.
///
/// Routers make discrete choices: a loss may return NaN to say that a perturbation changed
/// the selection, where a central difference means nothing. Such entries are left out and
/// counted in *skipped; without `skipped` they make the result NaN, so the check fails.
inline double relativeGradientError(Matrix& param, const Matrix& analytic,
                                    const std::function<double()>& loss, float eps = 1e-2f,
                                    int* skipped = nullptr) {
    double diff = 0.0, normA = 0.0, normN = 0.0;
    for (Eigen::Index i = 0; i < param.size(); ++i) {
        const float saved = param.data()[i];
        param.data()[i] = saved + eps;
        const double plus = loss();
        param.data()[i] = saved - eps;
        const double minus = loss();
        param.data()[i] = saved;
        if (skipped && (std::isnan(plus) || std::isnan(minus))) {
            ++*skipped;
            continue;
        }
        const double numeric = (plus - minus) / (2.0 * static_cast<double>(eps));
        const double a = analytic.data()[i];
        diff += (a - numeric) * (a - numeric);
        normA += a * a;
        normN += numeric * numeric;
    }
    const double denom = std::sqrt(normA) + std::sqrt(normN);
    return denom == 0.0 ? 0.0 : std::sqrt(diff) / denom;
}

/// A matrix of N(0, sd) entries from a seeded generator.
inline Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, Rng& rng, float sd = 1.0f) {
    std::normal_distribution<float> normal(0.0f, sd);
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
    return m;
}

/// sum(C .* Y) in double: a scalar loss whose gradient with respect to Y is exactly C.
inline double weightedSum(const Matrix& C, const Matrix& Y) {
    return (C.cast<double>().array() * Y.cast<double>().array()).sum();
}

}  // namespace moe::test
