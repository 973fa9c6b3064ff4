#pragma once
// Intended usage: a copy of a model's state - every parameter's value and, for a model with
// MoE layers, its buffers (the sigmoid-bias router's selection bias) - taken at the end of
// an epoch and written back later, so early stopping and divergence can return a model to
// its best (or last finite) epoch. Gradients and optimizer moments are not copied.
//
//   WeightCopy best;
//   best.capture(model.parameters(), buffers);   // buffers: {} for a dense model
//   ...
//   best.restoreInto(model.parameters(), buffers);

#include "core/model/router.h"
#include "core/model/tensor.h"

#include <vector>

namespace moe {

class WeightCopy {
public:
    void capture(const std::vector<Parameter>& parameters, const std::vector<Buffer>& buffers);
    /// Writes the copy back; the tensors must be the ones (same order and shapes) captured.
    void restoreInto(const std::vector<Parameter>& parameters, const std::vector<Buffer>& buffers) const;
    bool empty() const { return m_values.empty() && m_buffers.empty(); }
    int epoch() const { return m_epoch; }
    void setEpoch(int epoch) { m_epoch = epoch; }

private:
    std::vector<Matrix> m_values;
    std::vector<Matrix> m_buffers;
    int m_epoch = 0;
};

/// True when every parameter value is finite.
bool allFinite(const std::vector<Parameter>& parameters);

}  // namespace moe
