#pragma once
// Intended usage: one `moe` subcommand. Its constructor registers the subcommand and its
// options on the root CLI11 app; after parsing, main() calls run() on the one that was
// given. run() returns the process exit status and reports its own errors (cli_common.h).
//
//   TrainCommand train(app);
//   app.parse(argc, argv);
//   if (train.selected()) return train.run();

namespace CLI {
class App;
}

namespace moe::cli {

class Command {
public:
    virtual ~Command() = default;
    /// True when this subcommand was on the command line.
    virtual bool selected() const = 0;
    virtual int run() = 0;
};

}  // namespace moe::cli
