#pragma once
// Intended usage: `moe predict --model M --data D [--gates]` - CSV on stdout, one row per
// sample: index, the features (raw units), the prediction (class name and its probability,
// or the value), for each MoE layer the experts that processed the row after routing and
// capacity with their combine weights, and with --gates the router's distribution.

#include "app/cli/cli_common.h"
#include "app/cli/command.h"

#include <string>

namespace moe::cli {

class PredictCommand final : public Command {
public:
    explicit PredictCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

private:
    CLI::App* m_app = nullptr;
    std::string m_model;
    DataOptions m_data;
    bool m_gates = false;
};

}  // namespace moe::cli
