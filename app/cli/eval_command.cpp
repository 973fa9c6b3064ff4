#include "app/cli/eval_command.h"

#include "core/io/config_json.h"
#include "core/io/json_text.h"
#include "core/io/model_file.h"
#include "core/io/run_summary_json.h"
#include "core/train/evaluate.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

namespace moe::cli {
namespace {

// evaluateModel() wants standardised inputs; targets stay in their original units (it
// maps the model's outputs back through the target scaler itself).
Dataset standardiseInputs(Dataset data, const TrainedModel& model) {
    model.inputScaler.apply(data);
    return data;
}

}  // namespace

EvalCommand::EvalCommand(CLI::App& parent)
    : m_app(parent.add_subcommand("eval", "Score a saved model on a dataset")) {
    m_app->add_option("--model", m_model, "A model file written by 'moe train --save'")->required();
    m_data.addTo(*m_app, true);
    m_app->add_flag("--json", m_json, "Print one JSON object on stdout");
}

bool EvalCommand::selected() const { return m_app->parsed(); }

int EvalCommand::run() {
    Result<TrainedModel> loaded = loadModel(m_model);
    if (!loaded) return fail(loaded.error());
    const TrainedModel& model = loaded.value();
    Result<Dataset> fitted = loadDatasetForModel(m_data, model, true);
    if (!fitted) return fail(fitted.error());
    const Dataset data = standardiseInputs(std::move(fitted).value(), model);

    MoeNetwork& moe = *model.model;
    const ModelMetrics metrics = evaluateModel(moe, data, model.targetScaler);
    // evaluateModel() made one forward over all rows: each layer's routing is of that pass.
    const bool classification = data.task == Task::Classification;
    std::vector<RoutingStats> layers;
    for (int l = 0; l < moe.moeLayerCount(); ++l)
        layers.push_back(routingStats(moe.moeLayer(l).routing(),
                                      classification ? data.labels.data() : nullptr,
                                      classification ? data.classCount() : 0));
    // Top-p's experts per sample depend on the input: the cost counts this pass's average.
    std::vector<double> measured;
    for (const RoutingStats& layer : layers) measured.push_back(layer.expertsPerSample);
    const ModelCost cost = moe.cost(measured);

    if (m_json) {
        nlohmann::ordered_json dataset = nlohmann::ordered_json::object();
        dataset["name"] = data.name;
        dataset["task"] = data.task == Task::Classification ? "classification" : "regression";
        dataset["samples"] = data.rows;
        dataset["features"] = data.cols;
        dataset["classes"] = data.task == Task::Classification ? data.classCount() : 0;
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        j["model_file"] = m_model;
        j["trained_on"] = model.datasetName;
        j["dataset"] = std::move(dataset);
        j["config"] = configToJson(model.config);
        j["moe"] = modelResultToJson(data.task, metrics, cost, layers, false);
        j["conventions"] = routingConventionsJson(model.config.model);
        std::cout << toJsonText(j) << std::endl;
        return kExitOk;
    }
    const ModelConfig& mc = model.config.model;
    std::printf("model %s: MoE %dx%d, top-%d, %s mode, %s router, trained on %s\n", m_model.c_str(),
                mc.experts, mc.hidden, mc.topK, modeName(mc.mode), routerName(mc.router),
                model.datasetName.c_str());
    std::printf("data %s: %zu samples\n", data.name.c_str(), data.rows);
    if (classification)
        std::printf("accuracy %.4f   loss %.4f\n", metrics.testAccuracy, metrics.testLoss);
    else
        std::printf("R2 %.4f   MSE %.6g   loss %.4f\n", metrics.testR2, metrics.testMse,
                    metrics.testLoss);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const RoutingStats& r = layers[l];
        if (layers.size() > 1) std::printf("layer %zu ", l);
        std::printf("expert load:");
        for (double f : r.expertLoad) std::printf(" %.3f", f);
        std::printf("\nload CV %.3f (population), usage entropy %.3f, gate entropy %.3f", r.loadCv,
                    r.usageEntropy, r.gateEntropy);
        if (std::isfinite(r.classExpertNmi))
            std::printf(", class-expert NMI %.3f", r.classExpertNmi);
        std::printf("\n");
    }
    std::printf("params %lld (active %lld), FLOPs/sample %.0f\n",
                static_cast<long long>(cost.paramsTotal), static_cast<long long>(cost.paramsActive),
                cost.flopsPerSample);
    return kExitOk;
}

}  // namespace moe::cli
