#pragma once
// Intended usage: a 2-D picture of data with more than two features. fit() finds the
// principal axes of the standardised features (each column shifted to mean 0 and scaled
// to standard deviation 1, as the models see them, so a feature in large units does not
// dominate); project() maps rows onto the first axes; pointOnPlane() maps a point of the
// plane back to raw feature units, e.g. to ask a model about a grid drawn on that plane
// (a slice through the data mean).
//
//   Pca pca; pca.fit(data, 2);
//   std::vector<float> xy = pca.project(data);      // rows x 2, row-major
//   double share = pca.explainedVariance()[0];      // of the standardised total
//
// Cost: up to kExactColumns columns, the covariance (cols x cols) and its full
// eigen-decomposition (rows x cols^2 + cols^3); beyond, subspace iteration on the data
// itself, never a cols x cols matrix: each step one pass over the data costing about
// rows x cols x 32 multiply-adds, a few dozen steps on typical data and at most 500;
// memory: about 20 vectors of cols values and a block of at most 4 M values.

#include "core/data/dataset.h"

#include <cstddef>
#include <vector>

namespace moe {

class Pca {
public:
    /// Exact: eigen-decomposition of the covariance. Iterative: subspace iteration with
    /// Rayleigh-Ritz from a fixed start (the same axes within rounding where the
    /// components' variances are distinct). Automatic: Exact up to kExactColumns columns.
    enum class Method { Automatic, Exact, Iterative };
    static constexpr long kExactColumns = 64;

    /// Fits `components` axes (at most data.cols) on all rows of `data`. Deterministic: each
    /// axis points so that its largest coefficient is positive.
    void fit(const Dataset& data, int components = 2, Method method = Method::Automatic);

    int components() const { return m_components; }
    std::size_t cols() const { return m_mean.size(); }
    /// Per column: mean and scale (population standard deviation, 1 for a constant column).
    const std::vector<float>& mean() const { return m_mean; }
    const std::vector<float>& scale() const { return m_scale; }
    /// components x cols, row-major; unit vectors in standardised units.
    const std::vector<float>& axes() const { return m_axes; }
    /// Per component: its share of the total variance of the standardised data, in [0, 1].
    const std::vector<double>& explainedVariance() const { return m_explained; }

    /// data.rows x components(), row-major. data.cols must equal cols().
    std::vector<float> project(const Dataset& data) const;
    /// The raw feature vector (cols() values) at plane coordinates (u, v) of the first two
    /// axes: mean + scale * (u * axis0 + v * axis1). Needs components() >= 2. The same
    /// plane as FeaturePlane::principal(*this).
    std::vector<float> pointOnPlane(double u, double v) const;

private:
    int m_components = 0;
    std::vector<float> m_mean;
    std::vector<float> m_scale;
    std::vector<float> m_axes;
    std::vector<double> m_explained;
};

}  // namespace moe
