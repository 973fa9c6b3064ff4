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

/// The fused forms the layers use (one pass each, no temporaries). H: rows x width, the
/// pre-activation on entry and act(pre-activation) on return. Z receives a copy of the
/// pre-activation only when the derivative needs it (GELU); ReLU and tanh derive it from H.
void activateInPlace(Activation kind, Matrix& H, Matrix& Z);
/// H (and Z for GELU) from activateInPlace; dH: same shape as H, d loss / d act on entry,
/// d loss / d pre-activation on return.
void activationBackwardInPlace(Activation kind, const Matrix& H, const Matrix& Z, Matrix& dH);

}  // namespace moe
