#include "core/io/model_file.h"

#include "core/io/config_json.h"
#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/util/quote_for_message.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// Generous bounds that only stop absurd files from allocating before shapes are checked.
constexpr std::size_t kMaxFeatures = 1'000'000;
constexpr std::size_t kMaxClasses = 100'000;
constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{512} << 20;

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

// ---- the network's state --------------------------------------------------------------
// The only two places that know how a network is built and enumerated; everything else
// works on named tensors, so a new router or layer kind needs no change to the format.

struct NamedTensor {
    std::string name;
    Matrix* value = nullptr;
};

struct NetworkState {
    std::vector<NamedTensor> parameters;
    std::vector<NamedTensor> buffers;  ///< non-trainable state, e.g. a routing bias
};

NetworkState stateOf(MoeNetwork& network) {
    NetworkState s;
    for (const Parameter& p : network.parameters()) s.parameters.push_back({p.name, p.value});
    for (const Buffer& b : network.buffers()) s.buffers.push_back({b.name, b.value});
    return s;
}

// A network of the shape `config` describes, every tensor allocated (values to be replaced).
std::shared_ptr<MoeNetwork> buildNetwork(const RunConfig& config, int inputs, int outputs) {
    const TrainConfig& t = config.train;
    std::shared_ptr<MoeNetwork> network =
        makeMoeNetwork(config.model, inputs, outputs,
                       AuxLossWeights{t.balanceLoss, t.zLoss, t.importanceLoss, t.entropyLoss});
    Rng rng(0);
    network->initialize(rng);
    return network;
}

// A lower bound on the numbers a network of this config holds: its experts' weights
// (mixture: d -> h -> out; block: embedding d -> m, then m -> h -> m per expert and layer).
// Loading compares it with the numbers the file holds before building anything, so a file
// whose config claims a huge network cannot make the loader allocate it.
double minimumTensorSize(const ModelConfig& m, int inputs, int outputs) {
    const double experts = m.experts, hidden = m.hidden;
    if (m.mode == MoeMode::Mixture) return experts * hidden * (inputs + outputs);
    const double width = m.blockWidth();
    return inputs * width + m.layers * experts * hidden * 2.0 * width;
}

// ---- saving ---------------------------------------------------------------------------

std::string shapeText(const Matrix& m) {
    return "[" + std::to_string(m.rows()) + ", " + std::to_string(m.cols()) + "]";
}

// The tensors of `actual` must be those a loader rebuilds from the config (`expected`):
// same names, same order, same shapes. Anything else would load as a different network.
void requireSameLayout(const std::vector<NamedTensor>& actual,
                       const std::vector<NamedTensor>& expected, const std::string& where) {
    if (actual.size() != expected.size())
        throw JsonFieldError(where + ": the model has " + std::to_string(actual.size()) +
                             " tensors, its config describes " + std::to_string(expected.size()));
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const NamedTensor& a = actual[i];
        const NamedTensor& e = expected[i];
        if (a.name != e.name || a.value->rows() != e.value->rows() ||
            a.value->cols() != e.value->cols())
            throw JsonFieldError(jsonPath(where, a.name) + ": the model's tensor " +
                                 shapeText(*a.value) + " does not match its config (" + e.name +
                                 " " + shapeText(*e.value) + ")");
    }
}

Json tensorsToJson(const std::vector<NamedTensor>& tensors, const std::string& where) {
    Json j = Json::object();
    for (const NamedTensor& t : tensors) {
        const std::string path = jsonPath(where, t.name);
        requireFinite(*t.value, path);
        j[t.name] = matrixToJson(*t.value);
    }
    return j;
}

Json buildDocument(const TrainedModel& tm) {
    if (!tm.model) throw JsonFieldError("there is no trained model to save");
    const bool classification = tm.task == Task::Classification;
    const auto d = static_cast<int>(tm.featureNames.size());
    const int out = classification ? static_cast<int>(tm.classNames.size()) : 1;
    if (tm.model->inputs() != d)
        throw JsonFieldError("the model takes " + std::to_string(tm.model->inputs()) +
                             " inputs but has " + std::to_string(d) + " feature names");
    if (tm.model->outputs() != out)
        throw JsonFieldError("the model has " + std::to_string(tm.model->outputs()) +
                             " outputs, expected " + std::to_string(out) +
                             (classification ? " (one per class name)" : " for regression"));
    if (tm.inputScaler.cols() != static_cast<std::size_t>(d))
        throw JsonFieldError("the standardizer has " + std::to_string(tm.inputScaler.cols()) +
                             " columns, the model " + std::to_string(d) + " inputs");
    if (Status s = validateConfig(tm.config); !s) throw JsonFieldError("config: " + s.error());

    const NetworkState state = stateOf(*tm.model);
    std::shared_ptr<MoeNetwork> reference = buildNetwork(tm.config, d, out);
    const NetworkState expected = stateOf(*reference);
    requireSameLayout(state.parameters, expected.parameters, "model.parameters");
    requireSameLayout(state.buffers, expected.buffers, "model.buffers");

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
    net["inputs"] = d;
    net["outputs"] = out;
    net["parameters"] = tensorsToJson(state.parameters, "model.parameters");
    net["buffers"] = tensorsToJson(state.buffers, "model.buffers");
    doc["model"] = std::move(net);
    return doc;
}

// ---- loading --------------------------------------------------------------------------

// How many numbers the tensors of `net` ("parameters" and "buffers") hold, trusting nothing.
double numbersInFile(const Json& net) {
    double n = 0.0;
    for (const char* key : {"parameters", "buffers"}) {
        const auto group = net.find(key);
        if (group == net.end() || !group->is_object()) continue;
        for (const auto& item : group->items()) {
            if (!item.value().is_object()) continue;
            const auto data = item.value().find("data");
            if (data != item.value().end() && data->is_array()) n += double(data->size());
        }
    }
    return n;
}

// Fills every tensor of `tensors` from the object `key` of `parent`, which must hold exactly
// those names, each with the rebuilt tensor's shape.
void readTensors(const Json& parent, std::string_view key, const std::string& path,
                 const std::vector<NamedTensor>& tensors) {
    const std::string where = jsonPath(path, key);
    const Json& j = requireMember(parent, key, path);
    requireObject(j, where);
    std::vector<std::string_view> names;
    for (const NamedTensor& t : tensors) names.push_back(t.name);
    rejectUnknownKeys(j, names, where);
    for (const NamedTensor& t : tensors)
        *t.value = readMatrix(j, t.name, where, t.value->rows(), t.value->cols());
}

TrainedModel readDocument(const Json& doc) {
    requireObject(doc, "the document");
    const Json& format = requireMember(doc, "format", "");
    if (!format.is_string() || format.get_ref<const std::string&>() != kModelFormatName)
        throw JsonFieldError("format: expected \"" + std::string(kModelFormatName) + "\", got " +
                             describeFound(format) + " (not a MoE Explorer model file)");
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

    const auto d = static_cast<int>(tm.featureNames.size());
    const int out = classification ? static_cast<int>(tm.classNames.size()) : 1;
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
    const auto targetMean = static_cast<float>(readDouble(target, "mean", "target_scaling"));
    const auto targetScale = static_cast<float>(readDouble(target, "scale", "target_scaling"));
    if (!std::isfinite(targetMean) || !std::isfinite(targetScale))
        throw JsonFieldError("target_scaling: not finite as a float");
    if (!(targetScale > 0.0f)) throw JsonFieldError("target_scaling.scale: must be greater than 0");
    tm.targetScaler = TargetScaler{targetMean, targetScale};

    const Json& net = requireMember(doc, "model", "");
    requireObject(net, "model");
    rejectUnknownKeys(net, {"inputs", "outputs", "parameters", "buffers"}, "model");
    if (readInt(net, "inputs", "model", 0, std::numeric_limits<std::int64_t>::max()) != d)
        throw JsonFieldError("model.inputs: must equal the number of features (" +
                             std::to_string(d) + ")");
    if (readInt(net, "outputs", "model", 0, std::numeric_limits<std::int64_t>::max()) != out)
        throw JsonFieldError("model.outputs: must be " + std::to_string(out) +
                             (classification ? " (the number of classes)" : " for regression"));

    const double needed = minimumTensorSize(tm.config.model, d, out);
    if (needed > numbersInFile(net))
        throw JsonFieldError("model.parameters: the file holds " +
                             std::to_string(static_cast<long long>(numbersInFile(net))) +
                             " numbers, but its config describes a network of at least " +
                             std::to_string(static_cast<long long>(needed)));
    // The config is valid and the network it describes is no larger than the file, so it
    // can be built; the file must then hold exactly its tensors, shape for shape.
    std::shared_ptr<MoeNetwork> network = buildNetwork(tm.config, d, out);
    const NetworkState state = stateOf(*network);
    readTensors(net, "parameters", "model", state.parameters);
    readTensors(net, "buffers", "model", state.buffers);
    tm.model = std::move(network);
    return tm;
}

}  // namespace

Result<Json> modelToJson(const TrainedModel& model) {
    return catchJsonErrors<Json>([&] { return buildDocument(model); });
}

Result<TrainedModel> modelFromJson(const Json& document) {
    return catchJsonErrors<TrainedModel>([&] { return readDocument(document); });
}

Status saveModel(const std::string& path, const TrainedModel& model) {
    return writeJsonFile(path, modelToJson(model));
}

Result<TrainedModel> loadModel(const std::string& path) {
    Result<Json> doc = readJsonFile(path, "model file", kMaxFileBytes);
    if (!doc) return Error{doc.error()};
    Result<TrainedModel> model = modelFromJson(doc.value());
    if (!model) return Error{visibleText(path) + ": " + model.error()};
    return model;
}

}  // namespace moe
