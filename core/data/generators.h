#pragma once
// Intended usage: the built-in teaching datasets, each a seeded function of its
// parameters, so the same parameters always give the same points.
//
//   for (const GeneratorInfo& g : builtinGenerators()) std::cout << g.name << '\n';
//   Result<Dataset> d = generateDataset({.name = "blobs", .samples = 600, .noise = 0.1, .seed = 7});

#include "core/data/dataset.h"
#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

struct GeneratorParams {
    std::string name = "spirals";
    int samples = 600;      ///< total rows, 10..1,000,000
    /// Standard deviation of the added Gaussian noise, in feature units (piecewise: in target
    /// units). 0.1 is the default dataset's (spirals) own default; for another generator's
    /// default use findGenerator(name)->defaultNoise.
    double noise = 0.1;
    std::uint64_t seed = 1;
    int clusters = 4;       ///< blobs only: number of clusters (= classes), 2..10; others ignore it
};

struct GeneratorInfo {
    std::string name;
    std::string description;  ///< one sentence for tooltips and `moe datasets`
    Task task;
    int classes;              ///< 0 for regression; blobs: its default, params.clusters decides
    double defaultNoise;
};

/// The generators in display order; the first is the default dataset.
const std::vector<GeneratorInfo>& builtinGenerators();

/// Nullptr when `name` is not a built-in generator.
const GeneratorInfo* findGenerator(const std::string& name);

/// A 2-feature dataset; fails on an unknown name or out-of-range parameters.
Result<Dataset> generateDataset(const GeneratorParams& params);

}  // namespace moe
