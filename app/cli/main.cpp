// moe: the command line of MoE Explorer (design.md's CONTRACT). Each subcommand lives in
// its own *_command.cpp; this file only parses, dispatches, and guarantees that nothing
// escapes as a crash: bad arguments exit 2 with one line on stderr.

#include "app/cli/bench_command.h"
#include "app/cli/cli_common.h"
#include "app/cli/cost_command.h"
#include "app/cli/datasets_command.h"
#include "app/cli/eval_command.h"
#include "app/cli/predict_command.h"
#include "app/cli/trace_stats_command.h"
#include "app/cli/train_command.h"

#include <CLI/CLI.hpp>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <vector>

namespace {

int runMoe(int argc, char** argv) {
    using namespace moe::cli;
    CLI::App app{"moe: train, evaluate and measure small Mixture-of-Experts models", "moe"};
    app.require_subcommand(1);
    DatasetsCommand datasets(app);
    TrainCommand train(app);
    EvalCommand eval(app);
    PredictCommand predict(app);
    BenchCommand bench(app);
    CostCommand cost(app);
    TraceStatsCommand traceStats(app);
    const std::array<Command*, 7> commands{&datasets, &train, &eval, &predict, &bench, &cost, &traceStats};

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);  // --help: usage on stdout, status 0
    } catch (const CLI::ParseError& e) {
        const std::vector<CLI::App*> given = app.get_subcommands();
        if (given.empty() && dynamic_cast<const CLI::RequiredError*>(&e)) {
            if (argc > 1 && argv[1][0] != '-')
                return fail("unknown command '" + std::string(argv[1]) +
                            "' (commands: datasets, train, eval, predict, bench, cost, trace-stats; see 'moe --help')");
            if (argc > 1)
                return fail("unknown option '" + std::string(argv[1]) +
                            "': a command comes first (see 'moe --help')");
            return fail(
                "a command is required: datasets, train, eval, predict, bench, cost or trace-stats (see 'moe --help')");
        }
        const std::string help =
            given.empty() ? "moe --help" : "moe " + given.back()->get_name() + " --help";
        return fail(std::string(e.what()) + " (see '" + help + "')");
    }
    for (Command* c : commands) {
        if (!c->selected()) continue;
        const int status = c->run();
        // A full disk or a closed pipe must not pass for success.
        std::cout.flush();
        if (status == kExitOk && (!std::cout || std::fflush(stdout) != 0)) {
            std::cerr << "moe: cannot write the output: " << std::strerror(errno) << std::endl;
            return kExitInternal;
        }
        return status;
    }
    return fail("a command is required (see 'moe --help')");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return runMoe(argc, argv);
    } catch (const std::bad_alloc&) {
        // Too large an input is bad input, named with what was being read or worked on.
        return moe::cli::fail(moe::cli::outOfMemoryMessage());
    } catch (const std::exception& e) {
        std::cerr << "moe: internal error: " << e.what() << std::endl;
    } catch (...) {
        std::cerr << "moe: internal error" << std::endl;
    }
    return moe::cli::kExitInternal;
}
