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
    int samples = 600;      ///< total rows, >= 10
    double noise = 0.1;     ///< standard deviation of the added Gaussian noise, in feature units
    std::uint64_t seed = 1;
    int clusters = 4;       ///< blobs only: number of clusters (= classes)
};

struct GeneratorInfo {
    std::string name;
    std::string description;  ///< one sentence for tooltips and `moe datasets`
    Task task;
    int classes;              ///< 0 for regression
    double defaultNoise;
};

/// The generators in display order; the first is the default dataset.
const std::vector<GeneratorInfo>& builtinGenerators();

/// Nullptr when `name` is not a built-in generator.
const GeneratorInfo* findGenerator(const std::string& name);

/// A 2-feature dataset; fails on an unknown name or out-of-range parameters.
Result<Dataset> generateDataset(const GeneratorParams& params);

}  // namespace moe
