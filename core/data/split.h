#pragma once
// Intended usage: one seeded, stratified (for classification) train/test split, done once
// per run so that the MoE and the dense baselines see exactly the same rows.
//
//   TrainTestSplit s = splitTrainTest(data, 0.2, seed);

#include "core/data/dataset.h"

#include <cstdint>

namespace moe {

struct TrainTestSplit {
    Dataset train;
    Dataset test;
};

/// testFraction in (0, 1). Classification splits are stratified by class; each side keeps
/// at least one row when the data has at least two.
TrainTestSplit splitTrainTest(const Dataset& data, double testFraction, std::uint64_t seed);

}  // namespace moe
