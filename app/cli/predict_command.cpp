#include "app/cli/predict_command.h"

#include "core/io/model_file.h"
#include "core/train/evaluate.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace moe::cli {

PredictCommand::PredictCommand(CLI::App& parent)
    : m_app(parent.add_subcommand("predict", "Predict every row of a dataset, as CSV")) {
    m_app->add_option("--model", m_model, "A model file written by 'moe train --save'")->required();
    m_data.addTo(*m_app, true);
    m_app->add_flag("--gates", m_gates,
                    "Add the router's distribution over the experts (softmax p; s / sum s for "
                    "sigmoid-bias; 1/E for hash), per MoE layer");
}

bool PredictCommand::selected() const { return m_app->parsed(); }

int PredictCommand::run() {
    Result<TrainedModel> loaded = loadModel(m_model);
    if (!loaded) return fail(loaded.error());
    const TrainedModel& model = loaded.value();
    Result<Dataset> fitted = loadDatasetForModel(m_data, model, false);
    if (!fitted) return fail(fitted.error());
    const Dataset& data = fitted.value();

    const Predictions p = predict(model, data);
    const bool classification = model.task == Task::Classification;
    const std::size_t layers = p.routed.size();
    // One layer: "experts", "weights", "gate_E"; several (block mode): "layerL_" before each.
    const auto layerPrefix = [&](std::size_t l) {
        return layers > 1 ? "layer" + std::to_string(l + 1) + "_" : std::string();
    };

    std::string out = "index";
    for (const std::string& name : model.featureNames) out += "," + csvField(name);
    out += classification ? ",predicted,probability" : ",predicted";
    for (std::size_t l = 0; l < layers; ++l) out += "," + layerPrefix(l) + "experts," + layerPrefix(l) + "weights";
    if (m_gates)
        for (std::size_t l = 0; l < layers; ++l)
            for (Eigen::Index e = 0; e < p.gateProbabilities[l].cols(); ++e)
                out += "," + layerPrefix(l) + "gate_" + std::to_string(e);
    out += '\n';
    for (std::size_t row = 0; row < data.rows; ++row) {
        const auto r = static_cast<Eigen::Index>(row);
        out += std::to_string(row);
        for (std::size_t c = 0; c < data.cols; ++c) out += "," + formatFloat(data.feature(row, c));
        if (classification) {
            const int k = p.predictedClass[row];
            out += "," + csvField(model.classNames[static_cast<std::size_t>(k)]);
            out += "," + formatFloat(p.classProbabilities(r, k));
        } else {
            out += "," + formatFloat(p.predictedValue[row]);
        }
        // The experts that processed the row, best first, space-separated, and their weights.
        for (std::size_t l = 0; l < layers; ++l) {
            std::string experts, weights;
            for (const RoutedExpert& x : p.routed[l][row]) {
                experts += (experts.empty() ? "" : " ") + std::to_string(x.expert);
                weights += (weights.empty() ? "" : " ") + formatFloat(x.weight);
            }
            out += "," + experts + "," + weights;
        }
        if (m_gates)
            for (std::size_t l = 0; l < layers; ++l)
                for (Eigen::Index e = 0; e < p.gateProbabilities[l].cols(); ++e)
                    out += "," + formatFloat(p.gateProbabilities[l](r, e));
        out += '\n';
        if (out.size() > (1u << 16)) {
            std::cout << out;
            out.clear();
        }
    }
    std::cout << out << std::flush;
    return kExitOk;
}

}  // namespace moe::cli
