#include "core/model/model_config.h"

#include "core/util/name_table.h"

namespace moe {
namespace {

constexpr std::array kActivations{std::pair{Activation::Relu, "relu"},
                                  std::pair{Activation::Tanh, "tanh"},
                                  std::pair{Activation::Gelu, "gelu"}};
constexpr std::array kRouters{std::pair{RouterKind::Dense, "dense"},
                              std::pair{RouterKind::SoftmaxTopK, "softmax-topk"},
                              std::pair{RouterKind::Switch, "switch"},
                              std::pair{RouterKind::NoisyTopK, "noisy-topk"},
                              std::pair{RouterKind::ExpertChoice, "expert-choice"},
                              std::pair{RouterKind::TopP, "top-p"},
                              std::pair{RouterKind::SigmoidBias, "sigmoid-bias"},
                              std::pair{RouterKind::Hash, "hash"}};
constexpr std::array kModes{std::pair{MoeMode::Mixture, "mixture"},
                            std::pair{MoeMode::Block, "block"}};
constexpr std::array kMixtureLosses{std::pair{MixtureLoss::Cooperative, "cooperative"},
                                    std::pair{MixtureLoss::Competitive, "competitive"}};
constexpr std::array kPolicies{std::pair{CapacityPolicy::ChoiceMajor, "choice-major"},
                               std::pair{CapacityPolicy::SampleMajor, "sample-major"},
                               std::pair{CapacityPolicy::Probs, "probs"}};

}  // namespace

const char* activationName(Activation a) { return nameOf(kActivations, a); }
const char* routerName(RouterKind r) { return nameOf(kRouters, r); }
const char* modeName(MoeMode m) { return nameOf(kModes, m); }
std::optional<Activation> parseActivation(const std::string& s) { return lookup(kActivations, s); }
std::optional<RouterKind> parseRouter(const std::string& s) { return lookup(kRouters, s); }
std::optional<MoeMode> parseMode(const std::string& s) { return lookup(kModes, s); }
const char* mixtureLossName(MixtureLoss l) { return nameOf(kMixtureLosses, l); }
const char* capacityPolicyName(CapacityPolicy p) { return nameOf(kPolicies, p); }
std::optional<MixtureLoss> parseMixtureLoss(const std::string& s) { return lookup(kMixtureLosses, s); }
std::optional<CapacityPolicy> parseCapacityPolicy(const std::string& s) { return lookup(kPolicies, s); }

const std::vector<RouterKind>& allRouters() {
    static const std::vector<RouterKind> routers = [] {
        std::vector<RouterKind> v;
        for (const auto& entry : kRouters) v.push_back(entry.first);
        return v;
    }();
    return routers;
}

const char* routerDescription(RouterKind r) {
    switch (r) {
        case RouterKind::Dense:
            return "Every expert works on every input, weighted by the gate's softmax (Jacobs 1991): "
                   "no sparsity, no saving.";
        case RouterKind::SoftmaxTopK:
            return "Each input goes to the k experts with the highest gate probability; their "
                   "weights are renormalised to sum 1 (Mixtral, GShard).";
        case RouterKind::Switch:
            return "Each input goes to its single best expert, weighted by that probability; the "
                   "router input is jittered in training (Switch Transformer).";
        case RouterKind::NoisyTopK:
            return "Learned Gaussian noise is added to the gate logits in training before the "
                   "top-k, with importance and load losses to spread the work (Shazeer 2017).";
        case RouterKind::ExpertChoice:
            return "Experts choose inputs: each takes its highest-scoring share of the batch, so "
                   "the load is perfectly even, but a prediction depends on the batch (Zhou 2022).";
        case RouterKind::TopP:
            return "Each input takes experts, best first, until their probabilities add up past a "
                   "threshold: confident inputs use fewer experts (Huang 2024).";
        case RouterKind::SigmoidBias:
            return "Sigmoid gate scores plus a per-expert bias, nudged after every step toward "
                   "even load instead of an auxiliary loss (DeepSeek-V3).";
        case RouterKind::Hash:
            return "A fixed hash of the input picks the experts; nothing is learned. Learned "
                   "routing must beat this baseline.";
    }
    return "";
}

}  // namespace moe
