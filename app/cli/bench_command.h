#pragma once
// Intended usage: `moe bench` - throughput of the sparse MoE (softmax top-k, mixture mode)
// and of both dense baselines on random data of one batch size: inference and training
// samples per second, useful GFLOP/s, and the theoretical and measured speedups over the
// dense model of equal parameters (design.md's CONTRACT), plus Eigen's own large GEMM rate
// on this machine as the ceiling to compare with. --config toy|mid fills in the two fixed
// configurations of design.md; options given explicitly still win.
//
//   moe bench --config mid --threads 2 --json

#include "app/cli/command.h"

#include <string>

namespace moe::cli {

class BenchCommand final : public Command {
public:
    explicit BenchCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

    struct Options {
        int dim = 64;
        int experts = 16;
        int hidden = 256;
        int topK = 2;
        int classes = 10;
        int batch = 1024;
        int threads = 0;       ///< 0 = all cores
        double minTime = 0.5;  ///< seconds of timed work per measurement
        int repeats = 5;       ///< measurements per figure; the median is reported
        std::string preset;    ///< "", "toy" or "mid"
        bool json = false;
    };

private:
    /// Applies --config to the options not given explicitly; an error names the option.
    std::string resolvePreset();

    CLI::App* m_app = nullptr;
    Options m_options;
};

}  // namespace moe::cli
