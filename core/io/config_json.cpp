#include "core/io/config_json.h"

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
    throw JsonFieldError(jsonPath(path, key) + ": unknown value '" + text + "' (known: " + known +
                         ")");
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
                      {"experts", "top_k", "hidden", "activation", "router", "renormalize", "mode",
                       "capacity_factor", "balance_loss", "z_loss", "epochs", "batch", "lr",
                       "optimizer", "momentum", "seed", "threads", "test_fraction"},
                      path);
    RunConfig c;
    ModelConfig& m = c.model;
    m.experts = static_cast<int>(readInt(j, "experts", path, kIntMin, kIntMax));
    m.topK = static_cast<int>(readInt(j, "top_k", path, kIntMin, kIntMax));
    m.hidden = static_cast<int>(readInt(j, "hidden", path, kIntMin, kIntMax));
    m.activation = readEnum<Activation>(j, "activation", path, parseActivation, "relu, tanh, gelu");
    m.router = readEnum<RouterKind>(j, "router", path, parseRouter, "softmax-topk");
    m.renormalize = readBool(j, "renormalize", path);
    m.mode = readEnum<MoeMode>(j, "mode", path, parseMode, "mixture");
    m.capacityFactor = readDouble(j, "capacity_factor", path);
    TrainConfig& t = c.train;
    t.epochs = static_cast<int>(readInt(j, "epochs", path, kIntMin, kIntMax));
    t.batch = static_cast<int>(readInt(j, "batch", path, kIntMin, kIntMax));
    t.learningRate = readDouble(j, "lr", path);
    t.optimizer = readEnum<OptimizerKind>(j, "optimizer", path, parseOptimizer, "adam, sgd");
    t.momentum = readDouble(j, "momentum", path);
    t.balanceLoss = readDouble(j, "balance_loss", path);
    t.zLoss = readDouble(j, "z_loss", path);
    t.seed = readUint64(j, "seed", path);
    t.threads = static_cast<int>(readInt(j, "threads", path, kIntMin, kIntMax));
    t.testFraction = readDouble(j, "test_fraction", path);
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
    j["capacity_factor"] = m.capacityFactor;
    j["balance_loss"] = t.balanceLoss;
    j["z_loss"] = t.zLoss;
    j["epochs"] = t.epochs;
    j["batch"] = t.batch;
    j["lr"] = t.learningRate;
    j["optimizer"] = optimizerName(t.optimizer);
    j["momentum"] = t.momentum;
    j["seed"] = t.seed;
    j["threads"] = t.threads;
    j["test_fraction"] = t.testFraction;
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
