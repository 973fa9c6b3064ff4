#pragma once
// Intended usage: one Experiment is one run: a dataset split once, standardised on its
// training part, and three models trained on the same batches in the same order - the
// MoE and its two dense baselines (equal parameters, equal compute). It can be advanced
// one epoch at a time (the GUI's Step), run to the end (the CLI), or stopped at any batch
// boundary by its observer and resumed later where it stopped.
//
//   Result<std::unique_ptr<Experiment>> e = Experiment::create(data, config);
//   if (!e) return fail(e.error());
//   MyObserver obs;
//   e.value()->run(obs);                       // all remaining epochs
//   EpochSnapshot last = e.value()->snapshot();
//
// Thread-safety: an Experiment is used by one thread at a time. Its math runs on a oneTBB
// arena of config.train.threads threads; results are bit-identical for any thread count.
// This header holds no Eigen types, so GUI code can include it cheaply.

#include "core/cost/cost_report.h"
#include "core/cost/latency_report.h"
#include "core/data/dataset.h"
#include "core/data/standardizer.h"
#include "core/train/gate_matrix.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"
#include "core/train/top_k_point.h"
#include "core/train/training_observer.h"
#include "core/util/result.h"

#include <memory>
#include <string>
#include <vector>

namespace moe {

struct TrainedModel;
class SampleInspector;

class Experiment {
public:
    /// Validates `config` against `data`, splits, standardises and initialises the models.
    static Result<std::unique_ptr<Experiment>> create(const Dataset& data, const RunConfig& config);
    /// The Experiment a session file saved: `data` split and standardised exactly as
    /// create() does (the split depends only on the data and config.train.seed), the MoE a
    /// copy of `model`'s network, and `history` (epoch 0 first) its history. The dense
    /// baselines are not saved: they are rebuilt untrained, and their numbers live in the
    /// history. A restored run with completed epochs counts as ended - finished() is true and
    /// runEpoch() does nothing - so training goes on in a new Experiment; one restored at
    /// epoch 0 is a fresh run that trains as usual. Fails, saying what differs, when the
    /// model's standardisation, names or tensor shapes are not those `data` and `config` give
    /// (the data file changed, say).
    static Result<std::unique_ptr<Experiment>> restore(const Dataset& data, const RunConfig& config,
                                                       const TrainedModel& model,
                                                       std::vector<EpochSnapshot> history);
    ~Experiment();
    Experiment(const Experiment&) = delete;
    Experiment& operator=(const Experiment&) = delete;

    const RunConfig& config() const;
    /// The whole dataset as given (raw units), and the standardised splits: the test split
    /// first (config.train.testFraction of the rows), then the validation split
    /// (validationFraction of the rest; empty when it is 0), both stratified and seeded; the
    /// models train on what remains. The test split is only ever scored for reporting.
    const Dataset& data() const;
    const Dataset& trainSet() const;
    const Dataset& validationSet() const;
    const Dataset& testSet() const;
    const Standardizer& standardizer() const;

    int epochsCompleted() const;
    /// All planned epochs are done, or every model stopped early or diverged, or a restored
    /// run. Once finished, every model holds the weights of the epoch it kept.
    bool finished() const;
    /// One message per model that diverged (model, epoch and batch, what to try); empty when none did.
    std::vector<std::string> divergences() const;
    /// Made by restore() from a run with completed epochs: views only, no more training.
    bool isRestored() const;

    /// Trains until the end of the current epoch (resuming mid-epoch if a previous call
    /// was stopped). Returns false if the observer stopped it before the epoch ended.
    bool runEpoch(TrainingObserver& observer);
    /// Runs the remaining epochs; false if the observer stopped it.
    bool run(TrainingObserver& observer);

    /// Metrics after the last completed epoch (or of the untrained models before the first);
    /// once finished(), each model's scores at the epoch whose weights it kept (see
    /// ModelMetrics::bestEpoch), while history() keeps every epoch as it was.
    const EpochSnapshot& snapshot() const;
    /// Every epoch's snapshot so far, starting with the untrained models (epoch 0).
    const std::vector<EpochSnapshot>& history() const;
    CostReport cost() const;

    /// The MoE's view of the grid's plane: with spec.plane, every cell maps through it
    /// (a slice through the training mean); without, the plane of the first two features
    /// in raw units with the other features held at their training mean. Needs >= 2
    /// features; an empty grid if spec.plane does not match the data's feature count.
    TerritoryGrid territory(const GridSpec& spec) const;
    /// A grid spanning the projections of all the data's rows, with a margin, on the
    /// map's plane: the first two features for 2-feature data (FeaturePlane::Kind::Features),
    /// otherwise the plane of the first two principal components of the training split
    /// through its mean (FeaturePlane::Kind::Principal).
    GridSpec defaultGrid(int width = 120, int height = 120) const;

    /// Inference latency of the three models on this machine, in the experiment's thread
    /// arena, on test rows: one sample, and `batch` rows (the test rows repeated as needed).
    /// Call it between epochs, from the thread that trains.
    LatencyReport measureLatency(int batch, const LatencyOptions& options = {}) const;
    /// The trained MoE on the test split with k = 1..E experts per sample at inference
    /// (core/train/top_k_sweep.h); empty when the router has no k to vary.
    std::vector<TopKPoint> topKSweep() const;
    /// The gate's probabilities for every test sample, one matrix per MoE layer, from one
    /// Inference forward of the current MoE over the test split (see gate_matrix.h).
    std::vector<GateMatrix> gateMatrices() const;

    /// A deep copy of the MoE with everything needed to use it on new data.
    TrainedModel trainedModel() const;
    /// A gate inspector over a deep copy of the MoE as it is now, with the test split as
    /// its evaluation batch (core/train/sample_inspector.h). Safe to hand to another thread.
    std::shared_ptr<SampleInspector> inspector() const;

    /// From now on every oneTBB worker thread that joins this Experiment's arena runs at a
    /// nice value of at least `nice` (core/util/thread_priority.h), and keeps it. The thread
    /// that calls into the Experiment is left as it is: lower it yourself if it is a
    /// background thread. Results are unchanged. Calling it again with another value
    /// replaces the value.
    void lowerWorkerPriority(int nice);

private:
    struct Impl;
    explicit Experiment(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// A finished run's result from its history (epoch 0 first): each model's scores at the epoch
/// whose weights it kept (its bestEpoch in the last entry; files without one: the last
/// entry), with the last entry's time and flags, and the MoE's routing at its kept epoch.
/// Experiment::snapshot() of a finished run equals it; empty history gives {}.
EpochSnapshot keptSnapshot(const std::vector<EpochSnapshot>& history);
/// The result of a run stopped before it finished: each model that stopped early or diverged
/// at the epoch it kept (it holds those weights already), the others at the last epoch.
EpochSnapshot lastEpochResult(const std::vector<EpochSnapshot>& history);

}  // namespace moe
