#include "core/data/pca.h"

#include "core/data/feature_plane.h"
#include "core/data/standardizer.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace moe {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

/// The standardised data, visited in blocks of rows small enough that a block never holds
/// more than about 4 M values whatever the number of columns.
class StandardisedRows {
public:
    StandardisedRows(const Dataset& data, const std::vector<float>& mean,
                     const std::vector<float>& scale)
        : m_data(data), m_mean(mean), m_scale(scale) {}

    /// Calls visit(block) for consecutive blocks of rows (rows x cols, in double).
    template <class Visit>
    void forEachBlock(Visit&& visit) const {
        constexpr std::size_t kValues = std::size_t{1} << 22;
        const std::size_t cols = m_data.cols;
        const std::size_t step = std::clamp<std::size_t>(kValues / std::max<std::size_t>(cols, 1),
                                                         1, 4096);
        MatrixXd block;
        for (std::size_t first = 0; first < m_data.rows; first += step) {
            const std::size_t n = std::min(step, m_data.rows - first);
            block.resize(static_cast<Index>(n), static_cast<Index>(cols));
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t c = 0; c < cols; ++c)
                    block(static_cast<Index>(r), static_cast<Index>(c)) =
                        (static_cast<double>(m_data.feature(first + r, c)) - m_mean[c]) /
                        m_scale[c];
            visit(block);
        }
    }

    /// C q for the covariance C = X^T X / rows of the standardised data X, without forming C.
    MatrixXd covarianceTimes(const MatrixXd& q) const {
        MatrixXd out = MatrixXd::Zero(q.rows(), q.cols());
        forEachBlock([&](const MatrixXd& block) { out.noalias() += block.transpose() * (block * q); });
        return out / static_cast<double>(m_data.rows);
    }

    MatrixXd covariance() const {
        const auto cols = static_cast<Index>(m_data.cols);
        MatrixXd c = MatrixXd::Zero(cols, cols);
        forEachBlock([&](const MatrixXd& block) { c.noalias() += block.transpose() * block; });
        return c / static_cast<double>(m_data.rows);
    }

    /// The trace of C: the total variance.
    double totalVariance() const {
        double sum = 0.0;
        forEachBlock([&](const MatrixXd& block) { sum += block.squaredNorm(); });
        return sum / static_cast<double>(m_data.rows);
    }

private:
    const Dataset& m_data;
    const std::vector<float>& m_mean;
    const std::vector<float>& m_scale;
};

/// Leading eigenpairs of a symmetric matrix, largest first.
struct Eigenpairs {
    VectorXd values;
    MatrixXd vectors;  // cols x count
};

Eigenpairs exactEigenpairs(const StandardisedRows& x, Index cols, int count) {
    const Eigen::SelfAdjointEigenSolver<MatrixXd> solver(x.covariance());
    Eigenpairs out{VectorXd(count), MatrixXd(cols, count)};
    for (int k = 0; k < count; ++k) {
        out.values(k) = solver.eigenvalues()(cols - 1 - k);  // ascending
        out.vectors.col(k) = solver.eigenvectors().col(cols - 1 - k);
    }
    return out;
}

/// A fixed start in [-1, 1), the same on every machine (splitmix64 of the position).
double startValue(std::uint64_t i) {
    std::uint64_t z = i + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0;
}

/// Subspace iteration with Rayleigh-Ritz on a block of `count` + kExtra vectors: each step
/// costs two passes over the data (rows x cols x block), so the cost grows linearly with
/// the number of columns. Stops when every wanted Ritz pair's residual |C q - l q| is below
/// 1e-10 of the largest eigenvalue, or after kMaxSteps.
Eigenpairs iterativeEigenpairs(const StandardisedRows& x, Index cols, int count) {
    constexpr int kExtra = 6;
    constexpr int kMaxSteps = 500;
    constexpr double kTolerance = 1e-10;
    const Index block = std::min<Index>(cols, count + kExtra);
    MatrixXd q(cols, block);
    for (Index j = 0; j < block; ++j)
        for (Index i = 0; i < cols; ++i)
            q(i, j) = startValue(static_cast<std::uint64_t>(j * cols + i));
    q = Eigen::HouseholderQR<MatrixXd>(q).householderQ() * MatrixXd::Identity(cols, block);

    Eigenpairs out{VectorXd(count), MatrixXd(cols, count)};
    for (int step = 0;; ++step) {
        MatrixXd cq = x.covarianceTimes(q);
        // Rayleigh-Ritz: the best approximations to eigenvectors within span(q).
        const MatrixXd h = q.transpose() * cq;
        const Eigen::SelfAdjointEigenSolver<MatrixXd> small(0.5 * (h + h.transpose()));
        const MatrixXd rotation = small.eigenvectors().rowwise().reverse();  // largest first
        const VectorXd values = small.eigenvalues().reverse();
        q = q * rotation;
        cq = cq * rotation;
        double worst = 0.0;
        for (int k = 0; k < count; ++k)
            worst = std::max(worst, (cq.col(k) - values(k) * q.col(k)).norm());
        out.values = values.head(count);
        out.vectors = q.leftCols(count);
        if (worst <= kTolerance * std::max(values(0), 1e-300) || step + 1 >= kMaxSteps)
            return out;
        q = Eigen::HouseholderQR<MatrixXd>(cq).householderQ() * MatrixXd::Identity(cols, block);
    }
}

}  // namespace

void Pca::fit(const Dataset& data, int components, Method method) {
    const auto cols = static_cast<Index>(data.cols);
    m_components = std::clamp(components, 0, static_cast<int>(cols));
    Standardizer standardizer;
    standardizer.fit(data);
    m_mean = standardizer.mean();
    m_scale = standardizer.scale();
    m_axes.assign(static_cast<std::size_t>(m_components) * data.cols, 0.0f);
    m_explained.assign(static_cast<std::size_t>(m_components), 0.0);
    if (data.rows == 0 || cols == 0 || m_components == 0) return;

    const StandardisedRows x(data, m_mean, m_scale);
    if (method == Method::Automatic)
        method = cols <= kExactColumns ? Method::Exact : Method::Iterative;
    const Eigenpairs pairs = method == Method::Exact ? exactEigenpairs(x, cols, m_components)
                                                     : iterativeEigenpairs(x, cols, m_components);
    const double total = std::max(x.totalVariance(), 1e-300);
    for (int k = 0; k < m_components; ++k) {
        VectorXd axis = pairs.vectors.col(k).normalized();
        Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);
        if (axis(largest) < 0) axis = -axis;
        for (Index c = 0; c < cols; ++c)
            m_axes[static_cast<std::size_t>(k) * data.cols + static_cast<std::size_t>(c)] =
                static_cast<float>(axis(c));
        m_explained[static_cast<std::size_t>(k)] =
            std::clamp(pairs.values(k) / total, 0.0, 1.0);
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
