#include "core/train/run_config.h"

#include <array>
#include <string_view>
#include <utility>

namespace moe {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, const char*>, N>& table,
                           const std::string& s) {
    for (const auto& [value, name] : table)
        if (s == name) return value;
    return std::nullopt;
}

template <class Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum e) {
    for (const auto& [value, name] : table)
        if (value == e) return name;
    return "?";
}

constexpr std::array kActivations{std::pair{Activation::Relu, "relu"},
                                  std::pair{Activation::Tanh, "tanh"},
                                  std::pair{Activation::Gelu, "gelu"}};
constexpr std::array kRouters{std::pair{RouterKind::SoftmaxTopK, "softmax-topk"}};
constexpr std::array kModes{std::pair{MoeMode::Mixture, "mixture"}};
constexpr std::array kOptimizers{std::pair{OptimizerKind::Adam, "adam"},
                                 std::pair{OptimizerKind::Sgd, "sgd"}};

Error optionError(std::string_view option, std::string_view why) {
    return Error{"--" + std::string(option) + ": " + std::string(why)};
}

}  // namespace

const char* activationName(Activation a) { return nameOf(kActivations, a); }
const char* routerName(RouterKind r) { return nameOf(kRouters, r); }
const char* modeName(MoeMode m) { return nameOf(kModes, m); }
const char* optimizerName(OptimizerKind o) { return nameOf(kOptimizers, o); }
std::optional<Activation> parseActivation(const std::string& s) { return lookup(kActivations, s); }
std::optional<RouterKind> parseRouter(const std::string& s) { return lookup(kRouters, s); }
std::optional<MoeMode> parseMode(const std::string& s) { return lookup(kModes, s); }
std::optional<OptimizerKind> parseOptimizer(const std::string& s) { return lookup(kOptimizers, s); }

Status validateConfig(const RunConfig& config) {
    const ModelConfig& m = config.model;
    const TrainConfig& t = config.train;
    if (m.experts < 1 || m.experts > 256)
        return optionError("experts", "must be between 1 and 256, got " + std::to_string(m.experts));
    if (m.topK < 1)
        return optionError("top-k", "must be at least 1, got " + std::to_string(m.topK));
    if (m.topK > m.experts)
        return optionError("top-k", "cannot exceed the number of experts (" +
                                        std::to_string(m.experts) + "), got " + std::to_string(m.topK));
    if (m.hidden < 1 || m.hidden > 4096)
        return optionError("hidden", "must be between 1 and 4096, got " + std::to_string(m.hidden));
    if (!(m.capacityFactor >= 0.0) || m.capacityFactor > 1e6)
        return optionError("capacity-factor", "must be >= 0 (0 means no limit)");
    if (t.epochs < 1 || t.epochs > 100000)
        return optionError("epochs", "must be between 1 and 100000, got " + std::to_string(t.epochs));
    if (t.batch < 1 || t.batch > 1000000)
        return optionError("batch", "must be between 1 and 1000000, got " + std::to_string(t.batch));
    if (!(t.learningRate > 0.0) || t.learningRate > 10.0)
        return optionError("lr", "must be greater than 0 and at most 10");
    if (!(t.momentum >= 0.0) || t.momentum >= 1.0)
        return optionError("momentum", "must be in [0, 1)");
    if (!(t.balanceLoss >= 0.0) || t.balanceLoss > 1e3)
        return optionError("balance-loss", "must be >= 0");
    if (!(t.zLoss >= 0.0) || t.zLoss > 1e3) return optionError("z-loss", "must be >= 0");
    if (t.threads < 0 || t.threads > 1024)
        return optionError("threads", "must be between 0 (all cores) and 1024");
    if (!(t.testFraction > 0.0) || !(t.testFraction < 1.0))
        return optionError("test-fraction", "must be strictly between 0 and 1");
    return {};
}

}  // namespace moe
