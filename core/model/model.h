#pragma once
// Intended usage: the interface the trainer and the evaluator see. A Model maps a batch
// X (T x inputs) to outputs (T x outputs: class logits, or one value for regression).
//
//   model.forward(X, Phase::Training);
//   model.zeroGrad();
//   double loss = model.backwardTask({labels, nullptr});   // or backward(dY) with your own loss
//   optimizer.step(model.parameters());
//   model.afterStep();
//
// forward() remembers a pointer to X: keep X alive and unchanged until backward().

#include "core/cost/cost_report.h"
#include "core/model/tensor.h"

#include <vector>

namespace moe {

/// The targets of one batch: class indices for classification, (standardised) values for
/// regression; the other pointer is null.
struct Targets {
    const int* labels = nullptr;
    const float* values = nullptr;
};

class Model {
public:
    virtual ~Model() = default;

    virtual int inputs() const = 0;
    virtual int outputs() const = 0;

    /// X: T x inputs -> T x outputs; the reference stays valid until the next forward().
    virtual const Matrix& forward(const Matrix& X, Phase phase) = 0;
    /// The output of the last forward().
    virtual const Matrix& lastOutput() const = 0;
    /// dY: T x outputs for the last forward(X, Phase::Training). Adds the task gradient and
    /// the gradient of the model's own auxiliary losses to the parameter gradients.
    virtual void backward(const Matrix& dY) = 0;
    /// The task loss of the last forward(X, Phase::Training) (mean over the batch) and its
    /// gradient, added to the parameter gradients with that of the auxiliary losses.
    /// Default: softmax cross-entropy (labels) or mean squared error (values) of the output;
    /// models whose objective is not a function of their output alone override it.
    virtual double backwardTask(const Targets& targets);
    /// Weighted auxiliary losses of the last forward (0 for dense models).
    virtual double auxLoss() const { return 0.0; }
    /// Called after every optimizer step (non-gradient updates such as a routing bias).
    virtual void afterStep() {}

    virtual void zeroGrad() = 0;
    virtual std::vector<Parameter> parameters() = 0;
    virtual ModelCost cost() const = 0;

private:
    Matrix m_dOutput;   // workspace of backwardTask()
};

}  // namespace moe
