#include "core/train/weight_copy.h"

#include <cassert>

namespace moe {

void WeightCopy::capture(const std::vector<Parameter>& parameters, const std::vector<Buffer>& buffers) {
    m_values.resize(parameters.size());
    for (std::size_t i = 0; i < parameters.size(); ++i) m_values[i] = *parameters[i].value;
    m_buffers.resize(buffers.size());
    for (std::size_t i = 0; i < buffers.size(); ++i) m_buffers[i] = *buffers[i].value;
}

void WeightCopy::restoreInto(const std::vector<Parameter>& parameters, const std::vector<Buffer>& buffers) const {
    assert(parameters.size() == m_values.size() && buffers.size() == m_buffers.size());
    for (std::size_t i = 0; i < parameters.size(); ++i) *parameters[i].value = m_values[i];
    for (std::size_t i = 0; i < buffers.size(); ++i) *buffers[i].value = m_buffers[i];
}

bool allFinite(const std::vector<Parameter>& parameters) {
    for (const Parameter& p : parameters)
        if (!p.value->allFinite()) return false;
    return true;
}

}  // namespace moe
