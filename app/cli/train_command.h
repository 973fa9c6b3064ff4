#pragma once
// Intended usage: `moe train` - one Experiment: the MoE and both dense baselines trained on
// the same split, then a short table (or, with --json, the run summary object of
// design.md) on stdout, progress on stderr when it is a terminal, --save MODEL.json and
// --metrics FILE.csv|.json (every epoch), --report FILE.html|.pdf (drawn offscreen).

#include "app/cli/cli_common.h"
#include "app/cli/command.h"
#include "core/train/run_config.h"

#include <string>

namespace moe::cli {

/// A model's training diverged (design.md): the run still writes what it was asked to and
/// prints its table or JSON, and one line on stderr names the model, where and what to try.
inline constexpr int kExitDiverged = 3;

class TrainCommand final : public Command {
public:
    explicit TrainCommand(CLI::App& parent);
    bool selected() const override;
    int run() override;

private:
    /// Turns the option strings into m_config; an Error names the option.
    Status resolveOptions();

    CLI::App* m_app = nullptr;
    DataOptions m_data;
    RunConfig m_config;
    std::string m_router;
    std::string m_mode;
    std::string m_optimizer;
    std::string m_activation;
    std::string m_mixtureLoss;
    std::string m_capacityPolicy;
    std::string m_clipNorm = "off";
    std::string m_lrSchedule;
    bool m_rawGate = false;
    std::string m_save;
    CLI::Option* m_epochsOption = nullptr;
    std::string m_metrics;
    std::string m_report;
    bool m_json = false;
};

}  // namespace moe::cli
