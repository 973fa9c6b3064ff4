#include "core/data/feature_plane.h"

#include "core/data/pca.h"

#include <cassert>

namespace moe {

FeaturePlane FeaturePlane::firstTwoFeatures() {
    FeaturePlane plane;
    plane.m_kind = Kind::Features;
    plane.m_origin = {0.0f, 0.0f};
    plane.m_scale = {1.0f, 1.0f};
    plane.m_axisU = {1.0f, 0.0f};
    plane.m_axisV = {0.0f, 1.0f};
    return plane;
}

FeaturePlane FeaturePlane::principal(const Pca& pca) {
    assert(pca.components() >= 2);
    const std::size_t n = pca.cols();
    FeaturePlane plane;
    plane.m_kind = Kind::Principal;
    plane.m_origin = pca.mean();
    plane.m_scale = pca.scale();
    plane.m_axisU.assign(pca.axes().begin(), pca.axes().begin() + static_cast<std::ptrdiff_t>(n));
    plane.m_axisV.assign(pca.axes().begin() + static_cast<std::ptrdiff_t>(n),
                         pca.axes().begin() + static_cast<std::ptrdiff_t>(2 * n));
    plane.m_explained = {pca.explainedVariance()[0], pca.explainedVariance()[1]};
    return plane;
}

void FeaturePlane::pointAt(double u, double v, double* out) const {
    for (std::size_t c = 0; c < cols(); ++c)
        out[c] = m_origin[c] + static_cast<double>(m_scale[c]) * (u * m_axisU[c] + v * m_axisV[c]);
}

std::vector<float> FeaturePlane::pointAt(double u, double v) const {
    std::vector<double> point(cols());
    pointAt(u, v, point.data());
    return {point.begin(), point.end()};
}

std::array<double, 2> FeaturePlane::project(const float* row) const {
    double u = 0.0, v = 0.0;
    for (std::size_t c = 0; c < cols(); ++c) {
        const double z = (static_cast<double>(row[c]) - m_origin[c]) / m_scale[c];
        u += z * m_axisU[c];
        v += z * m_axisV[c];
    }
    return {u, v};
}

}  // namespace moe
