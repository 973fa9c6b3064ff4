#pragma once
// The 4 x 4 router logits of moe-spec section 3 (from DeepSpeed's TestTopkGate), and a
// router whose gate reproduces them exactly: identity inputs times a weight equal to the
// logits, zero bias.

#include "core/model/router.h"

namespace moe::test {

inline Matrix goldenLogits() {
    Matrix L(4, 4);
    L << 0.11f, 0.2f, 0.1f, 0.3f,
         0.3f, 0.4f, 0.11f, 0.1f,
         0.11f, 0.1f, 0.6f, 0.5f,
         0.1f, 0.11f, 0.7f, 0.8f;
    return L;
}

/// Sets the router's gate so that route(identity(4)) yields goldenLogits().
inline Matrix makeGoldenRouter(Router& router) {
    router.gate().weight() = goldenLogits();
    router.gate().bias().setZero();
    return Matrix::Identity(4, 4);
}

}  // namespace moe::test
