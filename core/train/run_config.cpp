#include "core/train/run_config.h"

#include "core/util/name_table.h"

#include <cmath>
#include <string_view>

namespace moe {
namespace {

constexpr std::array kOptimizers{std::pair{OptimizerKind::Adam, "adam"},
                                 std::pair{OptimizerKind::Sgd, "sgd"}};
constexpr std::array kSchedules{std::pair{LrSchedule::Constant, "constant"},
                                std::pair{LrSchedule::Cosine, "cosine"}};


Error optionError(std::string_view option, std::string_view why) {
    return Error{"--" + std::string(option) + ": " + std::string(why)};
}


}  // namespace

const char* optimizerName(OptimizerKind o) { return nameOf(kOptimizers, o); }
std::optional<OptimizerKind> parseOptimizer(const std::string& s) { return lookup(kOptimizers, s); }
const char* lrScheduleName(LrSchedule s) { return nameOf(kSchedules, s); }
std::optional<LrSchedule> parseLrSchedule(const std::string& s) { return lookup(kSchedules, s); }

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
    if (std::isnan(m.evalCapacityFactor) || m.evalCapacityFactor > 1e6)
        return optionError("eval-capacity-factor", "must be >= 0 (0 means no limit; negative: as in training)");
    if (m.router == RouterKind::Switch && m.topK != 1)
        return optionError("top-k", "the switch router sends each input to exactly 1 expert; use --top-k 1");
    if (!(m.topPThreshold > 0.0) || m.topPThreshold > 1.0)
        return optionError("top-p", "the threshold must be in (0, 1]");
    if (!(m.jitter >= 0.0) || m.jitter >= 1.0) return optionError("jitter", "must be in [0, 1)");
    if (m.router == RouterKind::ExpertChoice &&
        (!(m.expertChoiceFactor > 0.0) || m.expertChoiceFactor > m.experts))
        return optionError("expert-choice-factor",
                           "must be greater than 0 and at most the number of experts");
    if (m.router == RouterKind::ExpertChoice && t.batch < 2)
        return optionError("batch", "expert-choice routing compares the inputs of a batch; it "
                                    "needs a batch of at least 2");
    if (!(m.biasUpdateRate >= 0.0) || m.biasUpdateRate > 1.0)
        return optionError("bias-update-rate", "must be in [0, 1]");
    if (m.groups < 1 || m.experts % m.groups != 0)
        return optionError("groups", "must divide the number of experts (" +
                                         std::to_string(m.experts) + "), got " +
                                         std::to_string(m.groups));
    if (m.groups > 1 && m.router != RouterKind::SoftmaxTopK && m.router != RouterKind::Dense &&
        m.router != RouterKind::Switch && m.router != RouterKind::TopP)
        return optionError("groups", std::string("a hierarchical gate works with the softmax "
                                                 "routers (dense, softmax-topk, switch, top-p), not ") +
                                         routerName(m.router));
    if (m.layers < 1 || m.layers > 16)
        return optionError("layers", "must be between 1 and 16, got " + std::to_string(m.layers));
    if (m.layers > 1 && m.mode != MoeMode::Block)
        return optionError("layers", "stacking MoE layers needs --mode block");
    if (m.modelWidth < 0 || m.modelWidth > 4096)
        return optionError("model-width", "must be between 0 (same as --hidden) and 4096");
    if (m.sharedExperts < 0 || m.sharedExperts > 16)
        return optionError("shared-experts", "must be between 0 and 16");
    if (m.mixtureLoss == MixtureLoss::Competitive && m.mode != MoeMode::Mixture)
        return optionError("mixture-loss", "the competitive loss belongs to the classic mixture (--mode mixture)");
    if (m.mixtureLoss == MixtureLoss::Competitive && m.sharedExperts > 0)
        return optionError("mixture-loss", "the competitive loss needs every expert to be gated; drop --shared-experts");
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
    if (!(t.importanceLoss >= 0.0) || t.importanceLoss > 1e3)
        return optionError("importance-loss", "must be >= 0");
    if (!(t.entropyLoss >= 0.0) || t.entropyLoss > 1e3) return optionError("entropy-loss", "must be >= 0");
    if (t.threads < 0 || t.threads > 1024)
        return optionError("threads", "must be between 0 (all cores) and 1024");
    if (!(t.testFraction > 0.0) || !(t.testFraction < 1.0))
        return optionError("test-fraction", "must be strictly between 0 and 1");
    if (!(t.validationFraction >= 0.0) || !(t.validationFraction < 1.0))
        return optionError("validation-fraction", "must be at least 0 and less than 1 (0 = no validation split)");
    if (t.patience < 0 || t.patience > 100000)
        return optionError("patience", "must be between 0 (no early stopping) and 100000, got " +
                                           std::to_string(t.patience));
    if (!(t.weightDecay >= 0.0) || t.weightDecay > 10.0)
        return optionError("weight-decay", "must be between 0 and 10");
    if (!(t.clipNorm >= 0.0) || t.clipNorm > 1e9)
        return optionError("clip-norm", "must be greater than 0 (or 0 for no clipping)");
    return {};
}

}  // namespace moe
