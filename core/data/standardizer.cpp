#include "core/data/standardizer.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

namespace moe {

Standardizer::Standardizer(std::vector<float> mean, std::vector<float> scale)
    : m_mean(std::move(mean)), m_scale(std::move(scale)) {
    assert(m_mean.size() == m_scale.size());
}

void Standardizer::fit(const Dataset& data) {
    const std::size_t cols = data.cols;
    m_mean.assign(cols, 0.0f);
    m_scale.assign(cols, 1.0f);
    if (data.rows == 0) return;
    const auto n = static_cast<double>(data.rows);
    for (std::size_t c = 0; c < cols; ++c) {
        // Two passes in double: the one-pass sum-of-squares formula loses every digit
        // when a column has a large mean and a small spread.
        double sum = 0.0;
        for (std::size_t r = 0; r < data.rows; ++r) sum += data.feature(r, c);
        const double mean = sum / n;
        double squares = 0.0;
        for (std::size_t r = 0; r < data.rows; ++r) {
            const double d = data.feature(r, c) - mean;
            squares += d * d;
        }
        const double sd = std::sqrt(squares / n);
        m_mean[c] = static_cast<float>(mean);
        // A column that is constant (up to float rounding of its values) carries no
        // information; dividing by its ~0 spread would blow rounding noise up to O(1) or
        // give NaN, so it keeps scale 1 and maps to about 0.
        const double tiny = 4.0 * std::numeric_limits<float>::epsilon() * std::abs(mean);
        const bool constant = !(sd > tiny);  // also true for sd == 0 and for NaN
        m_scale[c] = constant ? 1.0f : static_cast<float>(sd);
    }
}

void Standardizer::apply(Dataset& data) const {
    assert(data.cols == cols());
    for (std::size_t r = 0; r < data.rows; ++r) applyRow(data.features.data() + r * data.cols);
}

void Standardizer::applyRow(float* row) const {
    for (std::size_t c = 0; c < m_mean.size(); ++c) row[c] = (row[c] - m_mean[c]) / m_scale[c];
}

}  // namespace moe
