#include "core/model/model.h"

#include "core/model/losses.h"

#include <cassert>

namespace moe {

double Model::backwardTask(const Targets& targets) {
    assert((targets.labels != nullptr) != (targets.values != nullptr));
    const Matrix& Y = lastOutput();
    const double loss = targets.labels ? crossEntropy(Y, targets.labels, &m_dOutput)
                                       : meanSquaredError(Y, targets.values, &m_dOutput);
    backward(m_dOutput);
    return loss;
}

}  // namespace moe
