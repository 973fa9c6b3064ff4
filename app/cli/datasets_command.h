#pragma once
// Intended usage: `moe datasets [--json]` - the built-in datasets with their task, class
// count and default noise, as a table or as {"datasets": [...]}.

#include "app/cli/command.h"

namespace moe::cli {

class DatasetsCommand final : public Command {
public:
    explicit DatasetsCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

private:
    CLI::App* m_app = nullptr;
    bool m_json = false;
};

}  // namespace moe::cli
