#pragma once
// Intended usage: an optimizer keeps per-parameter state (moments) in the order the
// parameters are given, so always pass the same model's parameters() to the same optimizer.
//
//   std::unique_ptr<Optimizer> opt = makeOptimizer(config.train);
//   opt->step(model.parameters());

#include "core/model/tensor.h"
#include "core/train/run_config.h"

#include <memory>
#include <vector>

namespace moe {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    /// Updates every parameter's value from its gradient.
    virtual void step(const std::vector<Parameter>& parameters) = 0;
};

/// Adam (Kingma & Ba 2015) with bias correction; beta1 0.9, beta2 0.999, eps 1e-8.
class Adam final : public Optimizer {
public:
    explicit Adam(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);
    void step(const std::vector<Parameter>& parameters) override;

private:
    double m_lr, m_beta1, m_beta2, m_eps;
    long m_t = 0;
    std::vector<Matrix> m_m, m_v;
};

/// Stochastic gradient descent with (heavy-ball) momentum: v = mu v + g; w -= lr v.
class Sgd final : public Optimizer {
public:
    Sgd(double learningRate, double momentum);
    void step(const std::vector<Parameter>& parameters) override;

private:
    double m_lr, m_momentum;
    std::vector<Matrix> m_velocity;
};

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& config);

}  // namespace moe
