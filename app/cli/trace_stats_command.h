#pragma once
// Intended usage: `moe trace-stats FILE [--json]` - what a routing trace recorded from a real
// MoE model (docs/trace-format.md) says about its router, headless: per MoE layer the loads,
// CV, MaxVio, dead and hot experts, usage entropy, the co-activation pairs and, with labels,
// the specialisation NMI; between consecutive layers the routing consistency (docs/cli.md,
// "moe trace-stats").
//
//   moe trace-stats olmoe.moe-trace.safetensors --json

#include "app/cli/command.h"

#include <string>

namespace moe::cli {

class TraceStatsCommand final : public Command {
public:
    explicit TraceStatsCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

private:
    CLI::App* m_app = nullptr;
    std::string m_file;
    int m_pairs = 10;
    bool m_json = false;
};

}  // namespace moe::cli
