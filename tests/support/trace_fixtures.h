#pragma once
// Shared by the trace tests (tests/core/tst_trace_*.cpp, tests/cli/tst_cli_trace_stats.cpp):
// a small routing trace whose routing was chosen by hand, so its statistics can be worked
// out on paper (they are, in tests/core/tst_trace_stats.cpp).
//
//   moe::RoutingTrace t = moe::testing::handRoutedTrace();   // E = 4, k = 2, 2 layers, 6 tokens
//
// Layer 1 (network index 1): tokens choose {0,1} {0,1} {0,2} {1,2} {0,1} {0,3}, first choice
// first: counts 5, 4, 2, 1. Layer 2 (network index 3): every token {2,3}: counts 0, 0, 6, 6.
// Tokens 0-2 are sequence 0 labelled "code", tokens 3-5 sequence 1 labelled "prose".

#include "core/trace/routing_trace.h"

#include <string>
#include <vector>

namespace moe::testing {

inline RoutingTrace handRoutedTrace() {
    RoutingTrace t;
    t.meta.model = "hand-routed";
    t.meta.source = "tests/support/trace_fixtures.h";
    t.meta.experts = 4;
    t.meta.topK = 2;
    t.meta.moeLayers = {1, 3};
    t.meta.weights = WeightRecipe::SoftmaxTopkRenormalised;
    t.meta.labels = {"code", "prose"};
    t.sequence = {0, 0, 0, 1, 1, 1};
    t.position = {0, 1, 2, 0, 1, 2};
    t.label = {0, 0, 0, 1, 1, 1};
    const std::vector<std::string> texts = {"def", " f", "():", "The", " cat", "."};
    t.textOffsets.push_back(0);
    for (const std::string& s : texts) {
        t.textBytes += s;
        t.textOffsets.push_back(t.textBytes.size());
    }
    t.expertIds = {0, 1, 0, 1, 0, 2, 1, 2, 0, 1, 0, 3,   // layer 1
                   2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3};  // layer 3
    for (std::size_t i = 0; i < t.expertIds.size(); ++i) t.weights.push_back(i % 2 ? 0.4f : 0.6f);
    return t;
}

}  // namespace moe::testing
