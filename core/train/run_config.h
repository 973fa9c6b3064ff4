#pragma once
// Intended usage: everything that determines a run, as one value. The CLI and the GUI fill
// it in, validateConfig() checks it (one message naming the offending option), and the
// Experiment is built from it. One seed drives initialisation, shuffling and noise.
//
//   RunConfig c; c.model.experts = 8; c.model.topK = 2;
//   if (Status s = validateConfig(c, data); !s) show(s.error());

#include "core/data/dataset.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace moe {

enum class Activation { Relu, Tanh, Gelu };
enum class RouterKind { SoftmaxTopK };
enum class MoeMode { Mixture };
enum class OptimizerKind { Adam, Sgd };

const char* activationName(Activation a);
const char* routerName(RouterKind r);
const char* modeName(MoeMode m);
const char* optimizerName(OptimizerKind o);
std::optional<Activation> parseActivation(const std::string& s);
std::optional<RouterKind> parseRouter(const std::string& s);
std::optional<MoeMode> parseMode(const std::string& s);
std::optional<OptimizerKind> parseOptimizer(const std::string& s);

struct ModelConfig {
    int experts = 4;               ///< E >= 1
    int topK = 1;                  ///< 1 <= k <= E
    int hidden = 16;               ///< expert hidden width h
    Activation activation = Activation::Relu;
    RouterKind router = RouterKind::SoftmaxTopK;
    bool renormalize = true;       ///< softmax top-k, k > 1: renormalise the chosen p to sum 1
    MoeMode mode = MoeMode::Mixture;
    double capacityFactor = 0.0;   ///< 0 = no limit (dropless)
};

struct TrainConfig {
    int epochs = 200;
    int batch = 32;
    double learningRate = 0.01;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double momentum = 0.9;         ///< SGD only
    double balanceLoss = 0.01;     ///< alpha of the Switch load-balancing loss
    double zLoss = 0.001;          ///< beta of the router z-loss
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
