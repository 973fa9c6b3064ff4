#pragma once
// Intended usage: one expert, a two-layer MLP  Linear(d, h) -> activation -> Linear(h, out).
// The caller owns the cache so one Expert can serve several batches (and threads never
// share a cache).
//
//   Expert e(d, h, out, Activation::Relu); e.initialize(rng);
//   Expert::Cache c; e.forward(X, c, Y);     // X: n x d -> Y: n x out
//   e.backward(X, c, dY, &dX);               // accumulates the parameter gradients

#include "core/model/linear.h"

namespace moe {

class Expert {
public:
    struct Cache {
        Matrix preActivation;   ///< n x h
        Matrix hidden;          ///< n x h, act(preActivation)
        Matrix dHidden;         ///< n x h, workspace of backward
    };

    Expert() = default;
    Expert(int inputs, int hidden, int outputs, Activation activation);
    void initialize(Rng& rng);

    /// X: n x inputs -> Y: n x outputs.
    void forward(const Matrix& X, Cache& cache, Matrix& Y) const;
    /// X and cache from forward; dY: n x outputs. Writes *dX (n x inputs) if given.
    void backward(const Matrix& X, Cache& cache, const Matrix& dY, Matrix* dX);

    void zeroGrad();
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out);

    int inputs() const { return m_fc1.inputs(); }
    int hidden() const { return m_fc1.outputs(); }
    int outputs() const { return m_fc2.outputs(); }
    Activation activation() const { return m_activation; }
    Linear& fc1() { return m_fc1; }
    Linear& fc2() { return m_fc2; }
    const Linear& fc1() const { return m_fc1; }
    const Linear& fc2() const { return m_fc2; }

    std::int64_t parameterCount() const { return m_fc1.parameterCount() + m_fc2.parameterCount(); }
    double flopsPerSample() const { return m_fc1.flopsPerSample() + m_fc2.flopsPerSample(); }

private:
    Linear m_fc1;
    Linear m_fc2;
    Activation m_activation = Activation::Relu;
};

}  // namespace moe
