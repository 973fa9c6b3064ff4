#pragma once
// Intended usage: the plane a 2-D map is drawn on when the data may have more features
// than a screen has axes. A point (u, v) of the plane is the raw feature vector
//     origin + scale * (u * axisU + v * axisV)          (element-wise scale)
// where axisU and axisV are orthonormal in standardised units (each feature shifted by
// `origin` and divided by `scale`, as the models see it). Two kinds:
//   - firstTwoFeatures(): the identity plane of 2-feature data, (u, v) = (x0, x1) in raw
//     units, so the map's axes are the features themselves;
//   - principal(pca): the plane of the first two principal components through the data
//     mean, in standardised units; every direction off the plane is held at the mean, so
//     the map is a slice of the model's input space.
//
//   FeaturePlane plane = FeaturePlane::principal(pca);
//   std::vector<float> x = plane.pointAt(1.0, -0.5);   // cols() raw values
//   auto [u, v] = plane.project(dataset.features.data() + row * dataset.cols);

#include <array>
#include <cstddef>
#include <vector>

namespace moe {

class Pca;

class FeaturePlane {
public:
    enum class Kind { Features, Principal };

    /// The identity plane of 2-feature data: u = feature 0, v = feature 1, raw units.
    static FeaturePlane firstTwoFeatures();
    /// The plane of `pca`'s first two axes through its mean. Needs pca.components() >= 2.
    static FeaturePlane principal(const Pca& pca);

    Kind kind() const { return m_kind; }
    std::size_t cols() const { return m_origin.size(); }
    const std::vector<float>& origin() const { return m_origin; }  ///< cols, raw units
    const std::vector<float>& scale() const { return m_scale; }    ///< cols, raw units per standardised unit
    const std::vector<float>& axisU() const { return m_axisU; }    ///< cols, unit vector, standardised units
    const std::vector<float>& axisV() const { return m_axisV; }    ///< cols, orthogonal to axisU
    /// Share of the variance of the standardised data along axisU and axisV (principal
    /// planes only; 0 otherwise).
    const std::array<double, 2>& explainedVariance() const { return m_explained; }

    /// The raw feature vector (cols() values) at plane coordinates (u, v).
    std::vector<float> pointAt(double u, double v) const;
    /// The same, written into `out` (cols() values), for filling a matrix row by row.
    void pointAt(double u, double v, double* out) const;
    /// The plane coordinates of the orthogonal projection (in standardised units) of one
    /// raw row of cols() values.
    std::array<double, 2> project(const float* row) const;

    bool operator==(const FeaturePlane&) const = default;

private:
    Kind m_kind = Kind::Features;
    std::vector<float> m_origin;
    std::vector<float> m_scale;
    std::vector<float> m_axisU;
    std::vector<float> m_axisV;
    std::array<double, 2> m_explained{0.0, 0.0};
};

}  // namespace moe
