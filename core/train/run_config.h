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
};

struct RunConfig {
    ModelConfig model;
    TrainConfig train;
};

/// Ok, or one line naming the first option that is out of range for this data.
Status validateConfig(const RunConfig& config);

}  // namespace moe
