#pragma once
// Intended usage: the shape of a MoE model as one value - experts, router and its
// parameters, model shape, capacity - with the names the CLI, the GUI and the files use.
// validateConfig() (core/train/run_config.h) checks it together with the training options.
//
//   ModelConfig m; m.experts = 8; m.topK = 2; m.router = *parseRouter("top-p");

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
const char* activationName(Activation a);
const char* routerName(RouterKind r);
const char* modeName(MoeMode m);
const char* mixtureLossName(MixtureLoss l);
const char* capacityPolicyName(CapacityPolicy p);
std::optional<Activation> parseActivation(const std::string& s);
std::optional<RouterKind> parseRouter(const std::string& s);
std::optional<MoeMode> parseMode(const std::string& s);
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

}  // namespace moe
