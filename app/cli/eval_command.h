#pragma once
// Intended usage: `moe eval --model M --data D [--json]` - loads a saved MoE, checks the
// data fits it (features, task, classes), scores it on every row of the data and reports
// accuracy (or R2 and MSE), loss and the routing statistics.

#include "app/cli/cli_common.h"
#include "app/cli/command.h"

#include <string>

namespace moe::cli {

class EvalCommand final : public Command {
public:
    explicit EvalCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

private:
    CLI::App* m_app = nullptr;
    std::string m_model;
    DataOptions m_data;
    bool m_json = false;
};

}  // namespace moe::cli
