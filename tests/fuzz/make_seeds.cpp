// Writes the fuzz targets' seed model and session files (tests/fuzz/corpus/): a tiny
// MoE trained for two epochs on 60 points of moons, saved as the CLI and the window save
// them. Usage: make_seeds DIR. The files are committed; this program remakes them when the
// formats change.
#include "core/data/dataset_source.h"
#include "core/data/generators.h"
#include "core/io/model_file.h"
#include "core/io/session_file.h"
#include "core/train/experiment.h"
#include "core/train/run_record.h"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

struct Quiet : moe::TrainingObserver {
    bool onEpoch(const moe::EpochSnapshot&) override { return true; }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    moe::GeneratorParams params;
    params.name = "moons";
    params.samples = 60;
    params.seed = 3;
    params.noise = moe::findGenerator("moons")->defaultNoise;
    const moe::Dataset data = moe::generateDataset(params).value();
    moe::RunConfig config;
    config.model.experts = 2;
    config.model.topK = 1;
    config.model.hidden = 3;
    config.train.epochs = 2;
    config.train.batch = 32;
    config.train.threads = 1;
    auto experiment = std::move(moe::Experiment::create(data, config)).value();
    Quiet quiet;
    experiment->run(quiet);

    moe::Session s;
    s.dataset = moe::DatasetSource::generated(params);
    s.config = config;
    s.model = experiment->trainedModel();
    s.history = experiment->history();
    s.cost = experiment->cost();
    moe::RunRecord record = moe::makeRunRecord(data, config, s.cost, s.history, moe::RunEnd::Finished,
                                               std::chrono::system_clock::now());
    record.id = 1;
    s.runs = {record};
    const moe::Status model = moe::saveModel(dir + "/model.json", s.model);
    const moe::Status session = moe::saveSession(dir + "/run.moe-session", s);
    if (!model || !session) {
        std::fprintf(stderr, "%s\n", (!model ? model.error() : session.error()).c_str());
        return 1;
    }
    return 0;
}
