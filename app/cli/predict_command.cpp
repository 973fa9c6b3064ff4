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
    m_app->add_flag("--gates", m_gates, "Add the gate probability of every expert");
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
    const auto experts = static_cast<int>(p.gateProbabilities.cols());

    std::string out = "index";
    for (const std::string& name : model.featureNames) out += "," + csvField(name);
    out += classification ? ",predicted,probability,expert" : ",predicted,expert";
    if (m_gates)
        for (int e = 0; e < experts; ++e) out += ",gate_" + std::to_string(e);
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
        out += "," + std::to_string(p.topExpert[row]);
        if (m_gates)
            for (int e = 0; e < experts; ++e) out += "," + formatFloat(p.gateProbabilities(r, e));
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
