#pragma once
// Intended usage: an optimizer keeps per-parameter state (moments) in the order the
// parameters are given, so always pass the same model's parameters() to the same optimizer.
// Weight decay is decoupled from the gradient (Loshchilov & Hutter 2019, AdamW): each step
// first shrinks w -= lr x wd x w, then applies the gradient update. It touches weight matrices
// only (parameters named "*.weight"), never biases; buffers are not parameters at all.
//
//   std::unique_ptr<Optimizer> opt = makeOptimizer(config.train);
//   double norm = clipGradients(model.parameters(), config.train.clipNorm);
//   opt->setLearningRate(lr);   // a schedule's value for this step
//   opt->step(model.parameters());

#include "core/model/tensor.h"
#include "core/train/run_config.h"

#include <memory>
#include <string>
#include <vector>

namespace moe {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    /// Updates every parameter's value from its gradient.
    virtual void step(const std::vector<Parameter>& parameters) = 0;
    /// The learning rate of the next steps (a schedule changes it between steps).
    void setLearningRate(double lr) { m_lr = lr; }
    double learningRate() const { return m_lr; }
    /// Decoupled weight decay of the weight matrices, 0 = none.
    void setWeightDecay(double wd) { m_weightDecay = wd; }

protected:
    explicit Optimizer(double learningRate) : m_lr(learningRate) {}
    /// w -= lr wd w on every "*.weight" parameter (nothing when wd is 0).
    void decayWeights(const std::vector<Parameter>& parameters) const;
    double m_lr;
    double m_weightDecay = 0.0;
};

/// Whether weight decay applies to a parameter of this name: weight matrices, not biases.
bool decaysWeight(const std::string& parameterName);

/// The global L2 norm of all the gradients (summed in the parameters' order, so the value
/// does not depend on the thread count). With maxNorm > 0 and a larger norm, every gradient
/// is scaled by maxNorm / norm (Pascanu et al. 2013). Returns the norm before clipping:
/// non-finite when a gradient is, and then nothing is scaled.
double clipGradients(const std::vector<Parameter>& parameters, double maxNorm);

/// Adam (Kingma & Ba 2015) with bias correction; beta1 0.9, beta2 0.999, eps 1e-8.
class Adam final : public Optimizer {
public:
    explicit Adam(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);
    void step(const std::vector<Parameter>& parameters) override;

private:
    double m_beta1, m_beta2, m_eps;
    long m_t = 0;
    std::vector<Matrix> m_m, m_v;
};

/// Stochastic gradient descent with (heavy-ball) momentum: v = mu v + g; w -= lr v.
class Sgd final : public Optimizer {
public:
    Sgd(double learningRate, double momentum);
    void step(const std::vector<Parameter>& parameters) override;

private:
    double m_momentum;
    std::vector<Matrix> m_velocity;
};

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& config);

}  // namespace moe
