#include "core/io/config_json.h"

#include "core/util/quote_for_message.h"

#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <optional>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// Ranges here only keep the integers representable; validateConfig() owns the real limits.
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();

template <class Enum>
Enum readEnum(const Json& object, std::string_view key, const std::string& path,
              std::optional<Enum> (*parse)(const std::string&), const std::string& known) {
    const std::string text = readString(object, key, path);
    if (const std::optional<Enum> value = parse(text)) return *value;
    throw JsonFieldError(jsonPath(path, key) + ": unknown value " + quoteForMessage(text) +
                         " (known: " + known + ")");
}

std::string routerNames() {
    std::string names;
    for (RouterKind r : allRouters())
        names += (names.empty() ? "" : ", ") + std::string(routerName(r));
    return names;
}

// validateConfig() speaks in option names ("--top-k: ..."); say the JSON field instead.
std::string asFieldMessage(const std::string& message, const std::string& path) {
    if (message.rfind("--", 0) != 0) return path + ": " + message;
    const std::size_t colon = message.find(':');
    std::string option =
        message.substr(2, colon == std::string::npos ? std::string::npos : colon - 2);
    std::replace(option.begin(), option.end(), '-', '_');
    return jsonPath(path, option) + (colon == std::string::npos ? "" : message.substr(colon));
}

RunConfig readConfig(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j,
                      {"experts",
                       "top_k",
                       "hidden",
                       "activation",
                       "router",
                       "renormalize",
                       "mode",
                       "mixture_loss",
                       "layers",
                       "model_width",
                       "shared_experts",
                       "groups",
                       "capacity_factor",
                       "eval_capacity_factor",
                       "capacity_policy",
                       "renormalize_after_drop",
                       "jitter",
                       "top_p",
                       "expert_choice_factor",
                       "bias_update_rate",
                       "balance_loss",
                       "z_loss",
                       "importance_loss",
                       "entropy_loss",
                       "epochs",
                       "batch",
                       "lr",
                       "optimizer",
                       "momentum",
                       "seed",
                       "threads",
                       "test_fraction",
                       "validation_fraction",
                       "patience",
                       "weight_decay",
                       "clip_norm",
                       "lr_schedule"},
                      path);
    const auto readInt32 = [&](std::string_view key) {
        return static_cast<int>(readInt(j, key, path, kIntMin, kIntMax));
    };
    RunConfig c;
    ModelConfig& m = c.model;
    m.experts = readInt32("experts");
    m.topK = readInt32("top_k");
    m.hidden = readInt32("hidden");
    m.activation = readEnum<Activation>(j, "activation", path, parseActivation, "relu, tanh, gelu");
    m.router = readEnum<RouterKind>(j, "router", path, parseRouter, routerNames());
    m.renormalize = readBool(j, "renormalize", path);
    m.mode = readEnum<MoeMode>(j, "mode", path, parseMode, "mixture, block");
    m.mixtureLoss = readEnum<MixtureLoss>(j, "mixture_loss", path, parseMixtureLoss,
                                          "cooperative, competitive");
    m.layers = readInt32("layers");
    m.modelWidth = readInt32("model_width");
    m.sharedExperts = readInt32("shared_experts");
    m.groups = readInt32("groups");
    m.capacityFactor = readDouble(j, "capacity_factor", path);
    m.evalCapacityFactor = readDouble(j, "eval_capacity_factor", path);
    m.capacityPolicy = readEnum<CapacityPolicy>(j, "capacity_policy", path, parseCapacityPolicy,
                                                "choice-major, sample-major, probs");
    m.renormalizeAfterDrop = readBool(j, "renormalize_after_drop", path);
    m.jitter = readDouble(j, "jitter", path);
    m.topPThreshold = readDouble(j, "top_p", path);
    m.expertChoiceFactor = readDouble(j, "expert_choice_factor", path);
    m.biasUpdateRate = readDouble(j, "bias_update_rate", path);
    TrainConfig& t = c.train;
    t.balanceLoss = readDouble(j, "balance_loss", path);
    t.zLoss = readDouble(j, "z_loss", path);
    t.importanceLoss = readDouble(j, "importance_loss", path);
    t.entropyLoss = readDouble(j, "entropy_loss", path);
    t.epochs = readInt32("epochs");
    t.batch = readInt32("batch");
    t.learningRate = readDouble(j, "lr", path);
    t.optimizer = readEnum<OptimizerKind>(j, "optimizer", path, parseOptimizer, "adam, sgd");
    t.momentum = readDouble(j, "momentum", path);
    t.seed = readUint64(j, "seed", path);
    t.threads = readInt32("threads");
    t.testFraction = readDouble(j, "test_fraction", path);
    // Files written before these options existed lack them: read as the training those
    // runs had (no validation split, no early stopping, no decay or clipping, constant rate).
    const auto has = [&](const char* key) { return j.contains(key); };
    t.validationFraction = has("validation_fraction") ? readDouble(j, "validation_fraction", path) : 0.0;
    t.patience = has("patience") ? readInt32("patience") : 0;
    t.weightDecay = has("weight_decay") ? readDouble(j, "weight_decay", path) : 0.0;
    t.clipNorm = has("clip_norm") ? readDouble(j, "clip_norm", path) : 0.0;
    t.lrSchedule = has("lr_schedule")
                       ? readEnum<LrSchedule>(j, "lr_schedule", path, parseLrSchedule, "constant, cosine")
                       : LrSchedule::Constant;
    return c;
}

}  // namespace

Json configToJson(const RunConfig& config) {
    const ModelConfig& m = config.model;
    const TrainConfig& t = config.train;
    Json j = Json::object();
    j["experts"] = m.experts;
    j["top_k"] = m.topK;
    j["hidden"] = m.hidden;
    j["activation"] = activationName(m.activation);
    j["router"] = routerName(m.router);
    j["renormalize"] = m.renormalize;
    j["mode"] = modeName(m.mode);
    j["mixture_loss"] = mixtureLossName(m.mixtureLoss);
    j["layers"] = m.layers;
    j["model_width"] = m.modelWidth;
    j["shared_experts"] = m.sharedExperts;
    j["groups"] = m.groups;
    j["capacity_factor"] = m.capacityFactor;
    j["eval_capacity_factor"] = m.evalCapacityFactor;
    j["capacity_policy"] = capacityPolicyName(m.capacityPolicy);
    j["renormalize_after_drop"] = m.renormalizeAfterDrop;
    j["jitter"] = m.jitter;
    j["top_p"] = m.topPThreshold;
    j["expert_choice_factor"] = m.expertChoiceFactor;
    j["bias_update_rate"] = m.biasUpdateRate;
    j["balance_loss"] = t.balanceLoss;
    j["z_loss"] = t.zLoss;
    j["importance_loss"] = t.importanceLoss;
    j["entropy_loss"] = t.entropyLoss;
    j["epochs"] = t.epochs;
    j["batch"] = t.batch;
    j["lr"] = t.learningRate;
    j["optimizer"] = optimizerName(t.optimizer);
    j["momentum"] = t.momentum;
    j["seed"] = t.seed;
    j["threads"] = t.threads;
    j["test_fraction"] = t.testFraction;
    j["validation_fraction"] = t.validationFraction;
    j["patience"] = t.patience;
    j["weight_decay"] = t.weightDecay;
    j["clip_norm"] = t.clipNorm;
    j["lr_schedule"] = lrScheduleName(t.lrSchedule);
    return j;
}

Result<RunConfig> configFromJson(const Json& json, const std::string& path) {
    RunConfig config;
    try {
        config = readConfig(json, path);
    } catch (const JsonFieldError& e) {
        return Error{e.what()};
    } catch (const nlohmann::json::exception& e) {
        return Error{path + ": " + e.what()};
    }
    if (Status s = validateConfig(config); !s) return Error{asFieldMessage(s.error(), path)};
    return config;
}

}  // namespace moe
