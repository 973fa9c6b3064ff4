#pragma once
// Intended usage: fit on the training split only, then apply the same shift and scale to
// every split and to every point the model is asked about (the territory grid, predictions).
//
//   Standardizer s; s.fit(split.train);
//   s.apply(split.train); s.apply(split.test);

#include "core/data/dataset.h"

#include <vector>

namespace moe {

class Standardizer {
public:
    Standardizer() = default;
    Standardizer(std::vector<float> mean, std::vector<float> scale);

    /// Per-column mean and population standard deviation; a constant column gets scale 1
    /// so it maps to 0 rather than NaN.
    void fit(const Dataset& data);
    void apply(Dataset& data) const;
    /// Standardises one row of cols() values in place.
    void applyRow(float* row) const;

    std::size_t cols() const { return m_mean.size(); }
    const std::vector<float>& mean() const { return m_mean; }
    const std::vector<float>& scale() const { return m_scale; }

private:
    std::vector<float> m_mean;
    std::vector<float> m_scale;
};

}  // namespace moe
