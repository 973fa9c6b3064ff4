#include "core/io/model_file.h"

#include "core/io/atomic_file.h"
#include "core/io/config_json.h"
#include "core/io/json_fields.h"
#include "core/io/json_text.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <new>
#include <set>
#include <sstream>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// Generous bounds that only stop absurd files from allocating before shapes are checked.
constexpr std::size_t kMaxFeatures = 1'000'000;
constexpr std::size_t kMaxClasses = 100'000;
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{4} << 30;

const char* taskKey(Task task) {
    return task == Task::Classification ? "classification" : "regression";
}

// ---- saving ---------------------------------------------------------------------------

// Throws JsonFieldError naming `where` if any value is NaN or infinite.
void requireFinite(const float* values, Eigen::Index count, const std::string& where) {
    for (Eigen::Index i = 0; i < count; ++i)
        if (!std::isfinite(values[i]))
            throw JsonFieldError(where + " holds a non-finite value (did training diverge?)");
}

void requireFinite(const Matrix& m, const std::string& where) {
    requireFinite(m.data(), m.size(), where);
}

void requireFinite(const std::vector<float>& v, const std::string& where) {
    requireFinite(v.data(), static_cast<Eigen::Index>(v.size()), where);
}

Json linearToJson(const Linear& layer, const std::string& where) {
    requireFinite(layer.weight(), where + ".weight");
    requireFinite(layer.bias(), where + ".bias");
    Json j = Json::object();
    j["weight"] = matrixToJson(layer.weight());
    j["bias"] = matrixToJson(layer.bias());
    return j;
}

void requireEqual(std::int64_t actual, std::int64_t expected, const std::string& what) {
    if (actual != expected)
        throw JsonFieldError(what + " is " + std::to_string(actual) + " but the model has " +
                             std::to_string(expected));
}

// The weights the format stores, as a count, so save and load can both prove that the
// file covers every parameter the model has.
std::int64_t storedParameterCount(const MoeLayer& layer) {
    std::int64_t n = layer.router().gate().parameterCount();
    for (const Expert& e : layer.experts()) n += e.parameterCount();
    return n;
}

std::int64_t modelParameterCount(MoeModel& model) {
    std::int64_t n = 0;
    for (const Parameter& p : model.parameters()) n += p.value->size();
    return n;
}

Json buildDocument(const TrainedModel& tm) {
    if (!tm.model) throw JsonFieldError("there is no trained model to save");
    MoeModel& model = *tm.model;
    const MoeLayer& layer = model.layer();
    const ModelConfig& mc = tm.config.model;
    const bool classification = tm.task == Task::Classification;
    const auto experts = static_cast<std::int64_t>(layer.experts().size());

    // The file describes the network through its config; a mismatch would load as a
    // different network, so refuse to write it.
    requireEqual(mc.experts, experts, "config.experts");
    requireEqual(mc.topK, layer.router().k(), "config.top_k");
    requireEqual(static_cast<std::int64_t>(tm.featureNames.size()), layer.inputs(),
                 "the number of feature names");
    requireEqual(classification ? static_cast<std::int64_t>(tm.classNames.size()) : 1,
                 layer.outputs(), classification ? "the number of class names" : "outputs");
    requireEqual(static_cast<std::int64_t>(tm.inputScaler.cols()), layer.inputs(),
                 "the standardizer's column count");
    if (layer.router().kind() != mc.router)
        throw JsonFieldError("config.router does not match the model's router");
    for (const Expert& e : layer.experts()) {
        requireEqual(mc.hidden, e.hidden(), "config.hidden");
        if (e.activation() != mc.activation)
            throw JsonFieldError("config.activation does not match the model's experts");
    }
    if (storedParameterCount(layer) != modelParameterCount(model))
        throw JsonFieldError("the model has parameters this file format cannot store");

    requireFinite(tm.inputScaler.mean(), "input_standardization.mean");
    requireFinite(tm.inputScaler.scale(), "input_standardization.scale");
    if (!std::isfinite(tm.targetScaler.mean) || !std::isfinite(tm.targetScaler.scale))
        throw JsonFieldError("target_scaling holds a non-finite value");

    Json doc = Json::object();
    doc["format"] = kModelFormatName;
    doc["format_version"] = kModelFormatVersion;
    Json dataset = Json::object();
    dataset["name"] = tm.datasetName;
    dataset["task"] = taskKey(tm.task);
    dataset["features"] = tm.featureNames;
    dataset["classes"] = classification ? tm.classNames : std::vector<std::string>{};
    doc["dataset"] = std::move(dataset);
    doc["config"] = configToJson(tm.config);
    doc["input_standardization"] = {{"mean", floatsToJson(tm.inputScaler.mean())},
                                    {"scale", floatsToJson(tm.inputScaler.scale())}};
    doc["target_scaling"] = {{"mean", jsonNumber(tm.targetScaler.mean)},
                             {"scale", jsonNumber(tm.targetScaler.scale)}};

    Json net = Json::object();
    net["inputs"] = layer.inputs();
    net["outputs"] = layer.outputs();
    net["gate"] = linearToJson(layer.router().gate(), "model.gate");
    Json expertArray = Json::array();
    for (std::size_t i = 0; i < layer.experts().size(); ++i) {
        const Expert& e = layer.experts()[i];
        const std::string where = "model.experts[" + std::to_string(i) + "]";
        expertArray.push_back({{"fc1", linearToJson(e.fc1(), where + ".fc1")},
                               {"fc2", linearToJson(e.fc2(), where + ".fc2")}});
    }
    net["experts"] = std::move(expertArray);
    doc["model"] = std::move(net);
    return doc;
}

// ---- loading --------------------------------------------------------------------------

void readLinear(const Json& parent, std::string_view key, const std::string& path,
                Eigen::Index inputs, Eigen::Index outputs, Linear& into) {
    const std::string where = jsonPath(path, key);
    const Json& j = requireMember(parent, key, path);
    requireObject(j, where);
    rejectUnknownKeys(j, {"weight", "bias"}, where);
    Matrix weight = readMatrix(j, "weight", where, inputs, outputs);
    Matrix bias = readMatrix(j, "bias", where, 1, outputs);
    // The constructor sized the layer from the config; these shapes were checked against it.
    if (into.weight().rows() != inputs || into.weight().cols() != outputs ||
        into.bias().size() != outputs)
        throw JsonFieldError(where + ": the rebuilt layer has an unexpected shape");
    into.weight() = std::move(weight);
    into.bias() = std::move(bias);
}

TrainedModel readDocument(const Json& doc) {
    requireObject(doc, "the document");
    const std::string format = readString(doc, "format", "");
    if (format != kModelFormatName)
        throw JsonFieldError("format: expected \"" + std::string(kModelFormatName) + "\", got \"" +
                             format + "\" (not a MoE Explorer model file)");
    const Json& version = requireMember(doc, "format_version", "");
    if (!version.is_number_integer() || version.get<std::int64_t>() != kModelFormatVersion)
        throw JsonFieldError("format_version: this program reads version " +
                             std::to_string(kModelFormatVersion) + ", the file has " +
                             version.dump());
    rejectUnknownKeys(doc,
                      {"format", "format_version", "dataset", "config", "input_standardization",
                       "target_scaling", "model"},
                      "");

    TrainedModel tm;
    const Json& dataset = requireMember(doc, "dataset", "");
    requireObject(dataset, "dataset");
    rejectUnknownKeys(dataset, {"name", "task", "features", "classes"}, "dataset");
    tm.datasetName = readString(dataset, "name", "dataset");
    const std::string task = readString(dataset, "task", "dataset");
    if (task == "classification")
        tm.task = Task::Classification;
    else if (task == "regression")
        tm.task = Task::Regression;
    else
        throw JsonFieldError("dataset.task: expected \"classification\" or \"regression\", got \"" +
                             task + "\"");
    const bool classification = tm.task == Task::Classification;
    tm.featureNames = readStringArray(dataset, "features", "dataset", 1, kMaxFeatures);
    tm.classNames = readStringArray(dataset, "classes", "dataset", 0, kMaxClasses);
    if (classification && tm.classNames.empty())
        throw JsonFieldError("dataset.classes: a classification model needs its class names");
    if (!classification && !tm.classNames.empty())
        throw JsonFieldError("dataset.classes: must be empty for a regression model");
    if (std::set<std::string>(tm.classNames.begin(), tm.classNames.end()).size() !=
        tm.classNames.size())
        throw JsonFieldError("dataset.classes: class names must be distinct");

    Result<RunConfig> config = configFromJson(requireMember(doc, "config", ""), "config");
    if (!config) throw JsonFieldError(config.error());
    tm.config = std::move(config).value();
    const ModelConfig& mc = tm.config.model;

    const auto d = static_cast<Eigen::Index>(tm.featureNames.size());
    const Eigen::Index out = classification ? static_cast<Eigen::Index>(tm.classNames.size()) : 1;
    const std::size_t cols = tm.featureNames.size();

    const Json& standardization = requireMember(doc, "input_standardization", "");
    requireObject(standardization, "input_standardization");
    rejectUnknownKeys(standardization, {"mean", "scale"}, "input_standardization");
    std::vector<float> mean =
        readFloatArray(standardization, "mean", "input_standardization", cols);
    std::vector<float> scale =
        readFloatArray(standardization, "scale", "input_standardization", cols);
    for (std::size_t i = 0; i < cols; ++i)
        if (!(scale[i] > 0.0f))
            throw JsonFieldError("input_standardization.scale[" + std::to_string(i) +
                                 "]: must be greater than 0");
    tm.inputScaler = Standardizer(std::move(mean), std::move(scale));

    const Json& target = requireMember(doc, "target_scaling", "");
    requireObject(target, "target_scaling");
    rejectUnknownKeys(target, {"mean", "scale"}, "target_scaling");
    const std::vector<float> targetValues = [&] {
        const double m = readDouble(target, "mean", "target_scaling");
        const double s = readDouble(target, "scale", "target_scaling");
        return std::vector<float>{static_cast<float>(m), static_cast<float>(s)};
    }();
    if (!std::isfinite(targetValues[0]) || !std::isfinite(targetValues[1]))
        throw JsonFieldError("target_scaling: not finite as a float");
    if (!(targetValues[1] > 0.0f))
        throw JsonFieldError("target_scaling.scale: must be greater than 0");
    tm.targetScaler = TargetScaler{targetValues[0], targetValues[1]};

    const Json& net = requireMember(doc, "model", "");
    requireObject(net, "model");
    rejectUnknownKeys(net, {"inputs", "outputs", "gate", "experts"}, "model");
    if (readInt(net, "inputs", "model", 0, std::numeric_limits<std::int64_t>::max()) != d)
        throw JsonFieldError("model.inputs: must equal the number of features (" +
                             std::to_string(d) + ")");
    if (readInt(net, "outputs", "model", 0, std::numeric_limits<std::int64_t>::max()) != out)
        throw JsonFieldError("model.outputs: must be " + std::to_string(out) +
                             (classification ? " (the number of classes)" : " for regression"));
    const Json& experts = requireMember(net, "experts", "model");
    if (!experts.is_array() || experts.size() != static_cast<std::size_t>(mc.experts))
        throw JsonFieldError("model.experts: expected an array of " + std::to_string(mc.experts) +
                             " experts (config.experts)");

    // Every shape above is now known to match the config, so building the network
    // allocates no more than the file itself holds.
    auto model = std::make_shared<MoeModel>(
        mc, static_cast<int>(d), static_cast<int>(out),
        AuxLossWeights{tm.config.train.balanceLoss, tm.config.train.zLoss});
    MoeLayer& layer = model->layer();
    if (layer.experts().size() != static_cast<std::size_t>(mc.experts))
        throw JsonFieldError("model.experts: the rebuilt model has a different expert count");
    readLinear(net, "gate", "model", d, mc.experts, layer.router().gate());
    for (std::size_t i = 0; i < experts.size(); ++i) {
        const std::string where = "model.experts[" + std::to_string(i) + "]";
        requireObject(experts[i], where);
        rejectUnknownKeys(experts[i], {"fc1", "fc2"}, where);
        Expert& e = layer.experts()[i];
        readLinear(experts[i], "fc1", where, d, mc.hidden, e.fc1());
        readLinear(experts[i], "fc2", where, mc.hidden, out, e.fc2());
    }
    if (storedParameterCount(layer) != modelParameterCount(*model))
        throw JsonFieldError("model: this program's network has parameters the file lacks");
    tm.model = std::move(model);
    return tm;
}

// "[json.exception.parse_error.101] parse error at line 1..." -> "parse error at line 1..."
std::string withoutExceptionTag(const std::string& what) {
    std::string s = what;
    if (s.rfind("[json.exception.", 0) == 0) {
        const std::size_t end = s.find("] ");
        if (end != std::string::npos) s.erase(0, end + 2);
    }
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

Result<std::string> readWholeFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return Error{path +
                     ": cannot open: " + (ec ? ec.message() : std::string(std::strerror(ENOENT)))};
    if (fs::is_directory(status)) return Error{path + ": cannot open: is a directory"};
    if (fs::is_regular_file(status)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        if (!ec && size > kMaxFileBytes) return Error{path + ": too large for a model file"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Error{path + ": cannot read: " + std::strerror(errno)};
    return text.str();
}

}  // namespace

Result<Json> modelToJson(const TrainedModel& model) {
    try {
        return buildDocument(model);
    } catch (const JsonFieldError& e) {
        return Error{e.what()};
    } catch (const nlohmann::json::exception& e) {
        return Error{withoutExceptionTag(e.what())};
    } catch (const std::bad_alloc&) {
        return Error{"out of memory"};
    }
}

Result<TrainedModel> modelFromJson(const Json& document) {
    try {
        return readDocument(document);
    } catch (const JsonFieldError& e) {
        return Error{e.what()};
    } catch (const nlohmann::json::exception& e) {
        return Error{withoutExceptionTag(e.what())};
    } catch (const std::bad_alloc&) {
        return Error{"out of memory"};
    }
}

Status saveModel(const std::string& path, const TrainedModel& model) {
    Result<Json> doc = modelToJson(model);
    if (!doc) return Error{path + ": cannot save: " + doc.error()};
    std::string text;
    try {
        text = toJsonText(doc.value());
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + withoutExceptionTag(e.what())};
    }
    text += '\n';
    return writeFileAtomically(path, text);
}

Result<TrainedModel> loadModel(const std::string& path) {
    Result<std::string> text = readWholeFile(path);
    if (!text) return Error{text.error()};
    Json doc;
    try {
        doc = Json::parse(text.value());
    } catch (const nlohmann::json::exception& e) {
        return Error{path + ": not valid JSON: " + withoutExceptionTag(e.what())};
    } catch (const std::bad_alloc&) {
        return Error{path + ": out of memory while reading"};
    }
    Result<TrainedModel> model = modelFromJson(doc);
    if (!model) return Error{path + ": " + model.error()};
    return model;
}

}  // namespace moe
