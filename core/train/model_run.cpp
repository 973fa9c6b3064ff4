#include "core/train/model_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace moe {

namespace {

std::string shortNumber(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

}  // namespace

ModelRun::ModelRun(std::unique_ptr<Model> model, MoeNetwork* network, std::string name, const TrainConfig& config)
    : m_model(std::move(model)), m_network(network), m_name(std::move(name)), m_config(config),
      m_optimizer(makeOptimizer(config)) {}

void ModelRun::replaceModel(std::unique_ptr<Model> model, MoeNetwork* network) {
    m_model = std::move(model);
    m_network = network;
    m_optimizer = makeOptimizer(m_config);
    m_best = WeightCopy();
    m_hasBest = false;
}

std::vector<Buffer> ModelRun::buffers() const { return m_network ? m_network->buffers() : std::vector<Buffer>{}; }

double ModelRun::step(const Matrix& X, const Targets& targets, double lr, int epoch, int batch) {
    const auto start = std::chrono::steady_clock::now();
    m_model->forward(X, Phase::Training);
    m_model->zeroGrad();
    const double loss = m_model->backwardTask(targets);
    const std::vector<Parameter> parameters = m_model->parameters();
    const double norm = clipGradients(parameters, m_config.clipNorm);
    if (!std::isfinite(loss)) {
        diverge("the loss is not finite", epoch, batch);
    } else if (!std::isfinite(norm)) {
        diverge("the gradient is not finite", epoch, batch);
    } else {
        m_optimizer->setLearningRate(lr);
        m_optimizer->step(parameters);
        m_model->afterStep();
        m_lossSum += loss;
        ++m_lossCount;
    }
    m_trainSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return loss;
}

void ModelRun::endEpoch(int epoch, double validationLoss, bool selectByValidation, int patience) {
    if (m_state != State::Training) return;
    if (!allFinite(m_model->parameters())) return diverge("a weight is not finite", epoch, 0);
    if (selectByValidation && !std::isfinite(validationLoss))
        return diverge("the validation loss is not finite", epoch, 0);
    if (!selectByValidation || !m_hasBest || validationLoss < m_bestLoss) {
        m_best.capture(m_model->parameters(), buffers());
        m_best.setEpoch(epoch);
        m_bestLoss = validationLoss;
        m_hasBest = true;
        m_sinceBest = 0;
        return;
    }
    if (++m_sinceBest >= patience) m_state = State::Stopped;
}

void ModelRun::finish() {
    if (m_hasBest) m_best.restoreInto(m_model->parameters(), buffers());
}

void ModelRun::diverge(const std::string& what, int epoch, int batch) {
    m_state = State::Diverged;
    if (m_hasBest) m_best.restoreInto(m_model->parameters(), buffers());
    m_divergence = m_name + " diverged in epoch " + std::to_string(epoch) +
                   (batch > 0 ? ", batch " + std::to_string(batch) : std::string(", after its last batch")) +
                   " (" + what + "); kept the weights of epoch " + std::to_string(m_best.epoch()) +
                   "; try a lower learning rate (--lr, now " + shortNumber(m_config.learningRate) + ")" +
                   (m_config.clipNorm > 0.0 ? std::string(" or a smaller --clip-norm")
                                            : std::string(" or gradient clipping (--clip-norm 1)"));
}

double ModelRun::takeEpochLoss() {
    const double mean = m_lossCount > 0 ? m_lossSum / m_lossCount : kNotApplicable;
    m_lossSum = 0.0;
    m_lossCount = 0;
    return mean;
}

}  // namespace moe
