#pragma once
// Shared by the core and widget tests that need a generated dataset or a trained
// Experiment: small, seeded, and failing loudly (qFatal) when the setup itself is wrong,
// so a test never runs on a half-built fixture.
//
//   const moe::Dataset data = moe::testing::generated("blobs", 200, 3);
//   auto e = moe::testing::trained(data, moe::testing::tinyConfig(3, 32, 7));

#include "core/data/generators.h"
#include "core/train/experiment.h"

#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moe::testing {

/// Never stops a run.
struct RunToTheEnd : TrainingObserver {
    bool onBatch(const BatchProgress&) override { return true; }
    bool onEpoch(const EpochSnapshot&) override { return true; }
};

/// The generator `name` with `samples` rows and `seed`; with `generatorNoise`, at the
/// generator's own default noise, otherwise at GeneratorParams' default.
inline Dataset generated(const std::string& name, int samples, std::uint64_t seed = 1, bool generatorNoise = false) {
    GeneratorParams p;
    p.name = name;
    p.samples = samples;
    p.seed = seed;
    if (generatorNoise)
        if (const GeneratorInfo* info = findGenerator(name)) p.noise = info->defaultNoise;
    Result<Dataset> d = generateDataset(p);
    if (!d) qFatal("%s", d.error().c_str());
    return std::move(d).value();
}

/// Row `r` of `d`'s features (raw units), as an inspector takes one input.
inline std::vector<float> rawRow(const Dataset& d, std::size_t r) {
    return {d.features.begin() + static_cast<std::ptrdiff_t>(r * d.cols),
            d.features.begin() + static_cast<std::ptrdiff_t>((r + 1) * d.cols)};
}

/// An Experiment of `config` on `data`, trained for all its epochs.
inline std::unique_ptr<Experiment> trained(const Dataset& data, const RunConfig& config) {
    auto e = Experiment::create(data, config);
    if (!e) qFatal("%s", e.error().c_str());
    RunToTheEnd observer;
    e.value()->run(observer);
    return std::move(e).value();
}

/// A model small enough to train in milliseconds: 4 experts of 8 hidden units, top-2.
inline RunConfig tinyConfig(int epochs, int batch, std::uint64_t seed) {
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.model.hidden = 8;
    c.train.epochs = epochs;
    c.train.batch = batch;
    c.train.seed = seed;
    return c;
}

}  // namespace moe::testing
