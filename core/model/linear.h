#pragma once
// Intended usage: a fully connected layer Y = X W + b with samples as rows.
//
//   Linear fc(d, h); fc.initialize(rng, Activation::Relu);
//   fc.forward(X, Y);               // X: T x d  ->  Y: T x h
//   fc.backward(X, dY, &dX);        // accumulates dW (d x h), db (1 x h); dX: T x d

#include "core/model/tensor.h"
#include "core/model/model_config.h"

#include <optional>

namespace moe {

class Linear {
public:
    Linear() = default;
    Linear(int inputs, int outputs);

    /// Uniform init: He (Kaiming) for ReLU/GELU layers, Xavier (Glorot) for tanh and for
    /// output layers (pass nullopt). Biases start at zero.
    void initialize(Rng& rng, std::optional<Activation> followedBy);

    int inputs() const { return static_cast<int>(m_weight.rows()); }
    int outputs() const { return static_cast<int>(m_weight.cols()); }

    /// X: T x inputs -> Y: T x outputs (resized as needed), Y = act(X W + b); the activation
    /// is applied as the packed product stores Y (core/model/packed_gemm.h).
    void forward(const Matrix& X, Matrix& Y, GemmActivation activation = GemmActivation::None) const;
    /// X: the forward input (T x inputs); dY: T x outputs. Adds X^T dY to the weight
    /// gradient and the column sums of dY to the bias gradient; writes dY W^T to *dX if given.
    void backward(const Matrix& X, const Matrix& dY, Matrix* dX);

    void zeroGrad();
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out);

    Matrix& weight() { return m_weight; }              ///< inputs x outputs
    const Matrix& weight() const { return m_weight; }
    Matrix& bias() { return m_bias; }                  ///< 1 x outputs
    const Matrix& bias() const { return m_bias; }
    const Matrix& weightGrad() const { return m_weightGrad; }
    const Matrix& biasGrad() const { return m_biasGrad; }

    std::int64_t parameterCount() const { return m_weight.size() + m_bias.size(); }
    /// Forward FLOPs per sample: 2 * inputs * outputs.
    double flopsPerSample() const { return 2.0 * static_cast<double>(m_weight.size()); }

private:
    Matrix m_weight;
    Matrix m_bias;
    Matrix m_weightGrad;
    Matrix m_biasGrad;
};

}  // namespace moe
