#pragma once
// Intended usage: `moe cost` - what a transformer MoE language model costs (parameters by
// part, FLOPs per token for prefill and decoding, weight memory, the dense baselines), for a
// published model (--preset) or a description file (--config), and with --ep R an
// expert-parallel estimate over R ranks (docs/cli.md, "moe cost").
//
//   moe cost --list
//   moe cost --preset deepseek-v3 --ep 64 --dtype bf16 --json

#include "app/cli/command.h"

#include <string>

namespace CLI {
class Option;
}

namespace moe::cli {

class CostCommand final : public Command {
public:
    explicit CostCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

    struct Options {
        std::string preset;
        std::string config;
        bool list = false;
        int context = 4096;
        std::string dtype = "bf16";
        int ranks = 0;  ///< --ep; 0 = no expert-parallel estimate
        std::string placement = "contiguous";  ///< a placement name or FILE.json
        std::string loads;                     ///< FILE.json; empty = uniform
        double tokensPerRank = 4096.0;
        double rankFlops = 400e12;
        double rankBandwidth = 50e9;
        bool json = false;
    };

private:
    int list() const;

    CLI::App* m_app = nullptr;
    Options m_options;
};

}  // namespace moe::cli
