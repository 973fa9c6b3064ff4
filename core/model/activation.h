#pragma once
// Intended usage: elementwise activations applied in place, and their derivative expressed
// through the pre-activation so that backward needs only what forward kept.

#include "core/model/tensor.h"
#include "core/model/model_config.h"

namespace moe {

/// Z: any shape, the pre-activation. Writes act(Z) into A (same shape).
void activate(Activation kind, const Matrix& Z, Matrix& A);
/// dA, Z: same shape. Writes dZ = dA * act'(Z) into dZ.
void activationBackward(Activation kind, const Matrix& Z, const Matrix& dA, Matrix& dZ);

}  // namespace moe
