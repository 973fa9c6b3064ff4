#include "core/model/activation.h"

#include <cmath>

namespace moe {
namespace {

constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;

// Exact GELU, x * Phi(x), as in the original paper and PyTorch's default.
float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * kInvSqrt2)); }
float geluDerivative(float x) {
    const float cdf = 0.5f * (1.0f + std::erf(x * kInvSqrt2));
    const float pdf = kInvSqrt2Pi * std::exp(-0.5f * x * x);
    return cdf + x * pdf;
}

}  // namespace

void activate(Activation kind, const Matrix& Z, Matrix& A) {
    A.resize(Z.rows(), Z.cols());
    switch (kind) {
        case Activation::Relu: A = Z.cwiseMax(0.0f); break;
        case Activation::Tanh: A = Z.array().tanh().matrix(); break;
        case Activation::Gelu: A = Z.unaryExpr([](float x) { return gelu(x); }); break;
    }
}

void activationBackward(Activation kind, const Matrix& Z, const Matrix& dA, Matrix& dZ) {
    dZ.resize(Z.rows(), Z.cols());
    switch (kind) {
        case Activation::Relu:
            dZ = (Z.array() > 0.0f).select(dA, 0.0f);
            break;
        case Activation::Tanh:
            dZ = (dA.array() * (1.0f - Z.array().tanh().square())).matrix();
            break;
        case Activation::Gelu:
            dZ = (dA.array() * Z.unaryExpr([](float x) { return geluDerivative(x); }).array()).matrix();
            break;
    }
}

void activateInPlace(Activation kind, Matrix& H, Matrix& Z) {
    switch (kind) {
        case Activation::Relu: H = H.cwiseMax(0.0f); break;
        case Activation::Tanh: H = H.array().tanh().matrix(); break;
        case Activation::Gelu:
            Z = H;
            H = Z.unaryExpr([](float x) { return gelu(x); });
            break;
    }
}

void activationBackwardInPlace(Activation kind, const Matrix& H, const Matrix& Z, Matrix& dH) {
    switch (kind) {
        // H = max(Z, 0) > 0 exactly where Z > 0.
        case Activation::Relu: dH = (H.array() > 0.0f).select(dH, 0.0f); break;
        // tanh' = 1 - tanh^2, and H is tanh(Z) as forward computed it.
        case Activation::Tanh: dH = (dH.array() * (1.0f - H.array().square())).matrix(); break;
        case Activation::Gelu:
            dH = (dH.array() * Z.unaryExpr([](float x) { return geluDerivative(x); }).array()).matrix();
            break;
    }
}

}  // namespace moe
