#pragma once
// Intended usage: one of the models an Experiment trains side by side (the MoE, or a dense
// baseline), with what its training needs beyond the model: its optimizer, the copy of its
// best weights, early stopping and divergence. The Experiment calls step() for every batch
// and endEpoch() after scoring every epoch, then finish() once at the end of the run.
//
//   ModelRun run(std::move(model), network, "MoE", config.train);
//   run.step(X, targets, lr, epoch, batch);    // X: B x d, standardised
//   run.endEpoch(epoch, validationLoss);
//   run.finish();                              // back to the kept epoch's weights
//
// The kept weights are those of the epoch with the lowest validation loss (the last epoch
// when there is no validation split or patience is 0). A non-finite loss, gradient norm or
// weight stops this model at once and returns it to its kept weights; the others go on.

#include "core/model/model.h"
#include "core/model/moe_network.h"
#include "core/train/optimizer.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"
#include "core/train/weight_copy.h"

#include <memory>
#include <string>

namespace moe {

class ModelRun {
public:
    /// `network` is the same object as `model` when it has MoE layers (its buffers are kept
    /// with the weights), else null. `name` is how messages call it ("the MoE").
    ModelRun(std::unique_ptr<Model> model, MoeNetwork* network, std::string name, const TrainConfig& config);

    Model& model() { return *m_model; }
    const Model& model() const { return *m_model; }
    /// Replaces the model (a restored session's network); the optimizer starts afresh.
    void replaceModel(std::unique_ptr<Model> model, MoeNetwork* network);

    /// Still training: neither stopped early nor diverged, nor finished.
    bool training() const { return m_state == State::Training; }
    bool stoppedEarly() const { return m_state == State::Stopped; }
    bool diverged() const { return m_state == State::Diverged; }
    /// Why the model stopped when it diverged ("" otherwise): the model, the epoch and batch,
    /// what was not finite, the epoch whose weights were kept, and what to try.
    const std::string& divergence() const { return m_divergence; }
    int bestEpoch() const { return m_best.epoch(); }

    /// One optimizer step on the batch X (B x d) at learning rate lr; `epoch` and `batch`
    /// are 1-based, for the message. Returns the batch's task loss (what it was, also when
    /// it made the model diverge).
    double step(const Matrix& X, const Targets& targets, double lr, int epoch, int batch);
    /// After `epoch` (0 = the untrained model) was scored: keeps the weights when the
    /// validation loss improved (or always, without selection), counts patience, and catches
    /// non-finite weights or scores. selectByValidation = a validation split and patience > 0.
    void endEpoch(int epoch, double validationLoss, bool selectByValidation, int patience);
    /// The end of the run: back to the kept weights.
    void finish();

    /// Mean task loss of the open epoch's batches (NaN before the first), then reset.
    double takeEpochLoss();
    double trainSeconds() const { return m_trainSeconds; }
    ModelMetrics metrics;                 ///< the last scores, set by the Experiment

private:
    enum class State { Training, Stopped, Diverged };
    void diverge(const std::string& what, int epoch, int batch);
    std::vector<Buffer> buffers() const;

    std::unique_ptr<Model> m_model;
    MoeNetwork* m_network = nullptr;
    std::string m_name;
    TrainConfig m_config;
    std::unique_ptr<Optimizer> m_optimizer;
    State m_state = State::Training;
    std::string m_divergence;
    WeightCopy m_best;
    double m_bestLoss = 0.0;
    bool m_hasBest = false;
    int m_sinceBest = 0;
    double m_lossSum = 0.0;
    int m_lossCount = 0;
    double m_trainSeconds = 0.0;
};

}  // namespace moe
