#pragma once
// Intended usage: everything that determines a run, as one value. The CLI and the GUI fill
// it in, validateConfig() checks it (one message naming the offending option), and the
// Experiment is built from it. One seed drives initialisation, shuffling and noise.
//
//   RunConfig c; c.model.experts = 8; c.model.topK = 2;
//   if (Status s = validateConfig(c, data); !s) show(s.error());

#include "core/data/dataset.h"
#include "core/model/model_config.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class OptimizerKind { Adam, Sgd };

const char* optimizerName(OptimizerKind o);
std::optional<OptimizerKind> parseOptimizer(const std::string& s);

/// The learning rate over the run: constant, or a linear warm-up over the first
/// kWarmupShare of the planned steps followed by a cosine decay to 0 (core/train/lr_schedule.h).
enum class LrSchedule { Constant, Cosine };

const char* lrScheduleName(LrSchedule s);
std::optional<LrSchedule> parseLrSchedule(const std::string& s);

struct TrainConfig {
    int epochs = 200;
    int batch = 32;
    double learningRate = 0.01;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double momentum = 0.9;         ///< SGD only
    double balanceLoss = 0.01;     ///< alpha of the Switch load-balancing loss
    double zLoss = 0.001;          ///< beta of the router z-loss
    double importanceLoss = 0.01;  ///< w of Shazeer's importance + load losses (noisy-topk only)
    double entropyLoss = 0.01;     ///< weight of the gate-entropy loss (top-p only)
    std::uint64_t seed = 1;
    int threads = 0;               ///< 0 = all cores
    double testFraction = 0.2;
    /// Share of the training split held out for validation (stratified, seeded); 0 = none.
    /// The validation loss picks the epoch whose weights are kept and stops training early.
    double validationFraction = 0.15;
    /// Epochs without a better validation loss before a model stops; 0 = never stop early
    /// (the last epoch's weights are kept), as without a validation split.
    int patience = 60;
    /// Decoupled weight decay (AdamW; for SGD w -= lr wd w) on weight matrices only, not on
    /// biases or the routing-bias buffer; 0 = off.
    double weightDecay = 0.1;
    /// Largest global L2 norm of a model's gradient: larger gradients are scaled down to it;
    /// 0 = no clipping.
    double clipNorm = 1.0;
    LrSchedule lrSchedule = LrSchedule::Cosine;
    // The defaults of the last five were chosen from measurements against scikit-learn's
    // MLPClassifier on the bundled and UCI tables (docs/benchmarks.md, bench/peer/).
};

struct RunConfig {
    ModelConfig model;
    TrainConfig train;
};

/// Ok, or one line naming the first option that is out of range for this data.
Status validateConfig(const RunConfig& config);

}  // namespace moe
