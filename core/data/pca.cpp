#include "core/data/pca.h"

#include "core/data/feature_plane.h"
#include "core/data/standardizer.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace moe {

void Pca::fit(const Dataset& data, int components) {
    const auto cols = static_cast<Eigen::Index>(data.cols);
    m_components = std::clamp(components, 0, static_cast<int>(cols));
    Standardizer standardizer;
    standardizer.fit(data);
    m_mean = standardizer.mean();
    m_scale = standardizer.scale();
    m_axes.assign(static_cast<std::size_t>(m_components) * data.cols, 0.0f);
    m_explained.assign(static_cast<std::size_t>(m_components), 0.0);
    if (data.rows == 0 || cols == 0) return;

    // Covariance of the standardised data, accumulated in double over blocks of rows so a
    // large dataset is never copied whole.
    Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(cols, cols);
    constexpr std::size_t kBlock = 4096;
    Eigen::MatrixXd block;
    for (std::size_t first = 0; first < data.rows; first += kBlock) {
        const std::size_t n = std::min(kBlock, data.rows - first);
        block.resize(static_cast<Eigen::Index>(n), cols);
        for (std::size_t r = 0; r < n; ++r)
            for (Eigen::Index c = 0; c < cols; ++c) {
                const auto col = static_cast<std::size_t>(c);
                block(static_cast<Eigen::Index>(r), c) =
                    (static_cast<double>(data.feature(first + r, col)) - m_mean[col]) /
                    m_scale[col];
            }
        covariance.noalias() += block.transpose() * block;
    }
    covariance /= static_cast<double>(data.rows);

    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
    const double total = std::max(values.sum(), 1e-300);
    for (int k = 0; k < m_components; ++k) {
        const Eigen::Index index = cols - 1 - k;
        Eigen::VectorXd axis = solver.eigenvectors().col(index);
        Eigen::Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);
        if (axis(largest) < 0) axis = -axis;
        for (Eigen::Index c = 0; c < cols; ++c)
            m_axes[static_cast<std::size_t>(k) * data.cols + static_cast<std::size_t>(c)] =
                static_cast<float>(axis(c));
        m_explained[static_cast<std::size_t>(k)] = std::max(values(index), 0.0) / total;
    }
}

std::vector<float> Pca::project(const Dataset& data) const {
    assert(data.cols == cols());
    const auto k = static_cast<std::size_t>(m_components);
    std::vector<float> out(data.rows * k, 0.0f);
    for (std::size_t r = 0; r < data.rows; ++r)
        for (std::size_t a = 0; a < k; ++a) {
            double sum = 0.0;
            for (std::size_t c = 0; c < data.cols; ++c)
                sum += (static_cast<double>(data.feature(r, c)) - m_mean[c]) / m_scale[c] *
                       m_axes[a * data.cols + c];
            out[r * k + a] = static_cast<float>(sum);
        }
    return out;
}

std::vector<float> Pca::pointOnPlane(double u, double v) const {
    return FeaturePlane::principal(*this).pointAt(u, v);
}

}  // namespace moe
