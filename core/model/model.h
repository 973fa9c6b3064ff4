#pragma once
// Intended usage: the interface the trainer and the evaluator see. A Model maps a batch
// X (T x inputs) to outputs (T x outputs: class logits, or one value for regression).
//
//   const Matrix& Y = model.forward(X, Phase::Training);
//   model.zeroGrad(); model.backward(dY);       // dY: T x outputs, d task loss / d Y
//   optimizer.step(model.parameters());
//
// forward() remembers a pointer to X: keep X alive and unchanged until backward().

#include "core/cost/cost_report.h"
#include "core/model/tensor.h"

#include <vector>

namespace moe {

class Model {
public:
    virtual ~Model() = default;

    virtual int inputs() const = 0;
    virtual int outputs() const = 0;

    /// X: T x inputs -> T x outputs; the reference stays valid until the next forward().
    virtual const Matrix& forward(const Matrix& X, Phase phase) = 0;
    /// dY: T x outputs for the last forward(X, Phase::Training). Adds the task gradient and
    /// the gradient of the model's own auxiliary losses to the parameter gradients.
    virtual void backward(const Matrix& dY) = 0;
    /// Weighted auxiliary losses of the last forward (0 for dense models).
    virtual double auxLoss() const { return 0.0; }

    virtual void zeroGrad() = 0;
    virtual std::vector<Parameter> parameters() = 0;
    virtual ModelCost cost() const = 0;
};

}  // namespace moe
