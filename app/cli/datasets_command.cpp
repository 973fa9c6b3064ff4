#include "app/cli/datasets_command.h"

#include "app/cli/cli_common.h"
#include "core/data/bundled_datasets.h"
#include "core/data/generators.h"
#include "core/io/json_text.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace moe::cli {

DatasetsCommand::DatasetsCommand(CLI::App& parent)
    : m_app(parent.add_subcommand("datasets", "List the built-in and bundled datasets")) {
    m_app->add_flag("--json", m_json, "Print one JSON object on stdout");
}

bool DatasetsCommand::selected() const { return m_app->parsed(); }

int DatasetsCommand::run() {
    const GeneratorParams defaults;
    if (m_json) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const GeneratorInfo& g : builtinGenerators()) {
            nlohmann::ordered_json item = nlohmann::ordered_json::object();
            item["name"] = g.name;
            item["source"] = "built-in";
            item["task"] = g.task == Task::Classification ? "classification" : "regression";
            item["features"] = 2;
            item["classes"] = g.classes;
            item["default_samples"] = defaults.samples;
            item["default_noise"] = g.defaultNoise;
            item["description"] = g.description;
            list.push_back(std::move(item));
        }
        const Result<std::string> dir = bundledDatasetsDir();
        for (const BundledDatasetInfo& b : bundledDatasets()) {
            nlohmann::ordered_json item = nlohmann::ordered_json::object();
            item["name"] = b.name;
            item["source"] = "bundled";
            item["task"] = b.task == Task::Classification ? "classification" : "regression";
            item["features"] = b.features;
            item["classes"] = b.classes;
            item["samples"] = b.samples;
            item["label"] = b.label;
            item["file"] = dir ? dir.value() + "/" + b.file : b.file;
            item["description"] = b.description;
            if (b.epochs > 0) item["recommended_epochs"] = b.epochs;
            list.push_back(std::move(item));
        }
        std::cout << toJsonText({{"datasets", std::move(list)}}) << '\n';
        return kExitOk;
    }
    std::printf("%-14s %-15s %7s %6s  %s\n", "name", "task", "classes", "noise", "description");
    for (const GeneratorInfo& g : builtinGenerators())
        std::printf("%-14s %-15s %7d %6.2f  %s\n", g.name.c_str(),
                    g.task == Task::Classification ? "classification" : "regression", g.classes,
                    g.defaultNoise, g.description.c_str());
    std::printf(
        "\nEach takes --samples (default %d), --noise and --data-seed; blobs also --clusters.\n",
        defaults.samples);
    const Result<std::string> dir = bundledDatasetsDir();
    std::printf("\nBundled real datasets (%s):\n",
                dir ? dir.value().c_str() : "not found: set MOE_DATASETS_DIR");
    std::printf("%-14s %-15s %7s %8s  %s\n", "name", "task", "classes", "features", "description");
    for (const BundledDatasetInfo& b : bundledDatasets())
        std::printf("%-14s %-15s %7d %8d  %s\n", b.name.c_str(),
                    b.task == Task::Classification ? "classification" : "regression", b.classes,
                    b.features, b.description.c_str());
    for (const BundledDatasetInfo& b : bundledDatasets())
        if (b.epochs > 0)
            std::printf("%s trains for %d epochs unless --epochs says otherwise: longer overfits it.\n",
                        b.name.c_str(), b.epochs);
    std::printf(
        "\nAny CSV file: --data FILE.csv [--label NAME|NUMBER] [--task classification|regression]"
        "\n(delimiter, header and decimal comma are detected; see datasets/README.md).\n");
    return kExitOk;
}

}  // namespace moe::cli
