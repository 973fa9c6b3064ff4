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
#include <vector>

namespace moe {

enum class Activation { Relu, Tanh, Gelu };
enum class RouterKind { Dense, SoftmaxTopK, Switch, NoisyTopK, ExpertChoice, TopP, SigmoidBias, Hash };
/// Mixture: the experts produce the output (Jacobs 1991). Block: embedding, residual MoE
/// feed-forward blocks, head (Shazeer 2017, GShard, Switch, Mixtral).
enum class MoeMode { Mixture, Block };
/// How a classic mixture is trained: on the combined output (cooperative) or on the
/// likelihood of the mixture of the experts' own predictions (competitive, Jacobs 1991).
enum class MixtureLoss { Cooperative, Competitive };
/// Which assignments keep their slots when an expert overflows (moe-spec section 3).
enum class CapacityPolicy { ChoiceMajor, SampleMajor, Probs };
enum class OptimizerKind { Adam, Sgd };

const char* activationName(Activation a);
const char* routerName(RouterKind r);
const char* modeName(MoeMode m);
const char* optimizerName(OptimizerKind o);
const char* mixtureLossName(MixtureLoss l);
const char* capacityPolicyName(CapacityPolicy p);
std::optional<Activation> parseActivation(const std::string& s);
std::optional<RouterKind> parseRouter(const std::string& s);
std::optional<MoeMode> parseMode(const std::string& s);
std::optional<OptimizerKind> parseOptimizer(const std::string& s);
std::optional<MixtureLoss> parseMixtureLoss(const std::string& s);
std::optional<CapacityPolicy> parseCapacityPolicy(const std::string& s);
/// Every router name, in the order the GUI lists them.
const std::vector<RouterKind>& allRouters();
/// One sentence on what a router does, for tooltips and `moe --help`.
const char* routerDescription(RouterKind r);

struct ModelConfig {
    int experts = 4;               ///< E >= 1
    int topK = 1;                  ///< 1 <= k <= E
    int hidden = 16;               ///< expert hidden width h
    Activation activation = Activation::Relu;
    RouterKind router = RouterKind::SoftmaxTopK;
    bool renormalize = true;       ///< softmax top-k, k > 1: renormalise the chosen p to sum 1
    MoeMode mode = MoeMode::Mixture;
    MixtureLoss mixtureLoss = MixtureLoss::Cooperative;  ///< mixture mode only
    int layers = 1;                ///< block mode: residual MoE blocks
    int modelWidth = 0;            ///< block mode: embedding width m; 0 = same as hidden
    int sharedExperts = 0;         ///< always-on experts added with weight 1 (DeepSeekMoE)
    int groups = 1;                ///< > 1: two-level hierarchical gate (Jordan & Jacobs 1994)
    double capacityFactor = 0.0;   ///< training; 0 = no limit (dropless)
    double evalCapacityFactor = -1.0; ///< evaluation and inference; 0 = no limit, < 0 = as in training
    CapacityPolicy capacityPolicy = CapacityPolicy::ChoiceMajor;
    bool renormalizeAfterDrop = false;  ///< renormalise the surviving weights (DeepSpeed)
    double jitter = 1e-2;          ///< switch: router input multiplied by U(1-eps, 1+eps) in training
    double topPThreshold = 0.4;    ///< top-p: cumulative probability to reach
    double expertChoiceFactor = 2.0;  ///< expert choice: average experts per sample c
    double biasUpdateRate = 1e-3;  ///< sigmoid-bias: u in b_i += u sign(mean load - load_i)

    /// The capacity factor evaluation and inference use.
    double inferenceCapacityFactor() const { return evalCapacityFactor < 0.0 ? capacityFactor : evalCapacityFactor; }
    /// Width of the vectors the MoE layers see: the data width in mixture mode, m in block mode.
    int blockWidth() const { return modelWidth > 0 ? modelWidth : hidden; }
};

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
