#include "core/cost/latency.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <vector>

namespace moe {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

Latency measureLatency(Model& model, const Matrix& X, const LatencyOptions& options) {
    assert(X.rows() >= 1 && X.cols() == model.inputs());
    Latency result;
    result.batch = static_cast<int>(X.rows());
    const auto begin = Clock::now();

    // Warm-up, and a first estimate of one forward's time to size the repeats.
    double oneForward = 0.0;
    for (int i = 0; i < std::max(1, options.warmup); ++i) {
        const auto start = Clock::now();
        model.forward(X, Phase::Inference);
        oneForward = secondsSince(start);
    }
    const int forwards = oneForward > 0.0
                             ? std::clamp(static_cast<int>(std::ceil(options.minRepeatSeconds / oneForward)), 1, 100000)
                             : 1000;
    result.forwardsPerRepeat = forwards;

    std::vector<double> perForward;
    perForward.reserve(static_cast<std::size_t>(std::max(1, options.repeats)));
    for (int r = 0; r < std::max(1, options.repeats); ++r) {
        const auto start = Clock::now();
        for (int i = 0; i < forwards; ++i) model.forward(X, Phase::Inference);
        perForward.push_back(secondsSince(start) / forwards);
        if (secondsSince(begin) > options.budgetSeconds) break;
    }
    // The fastest repeat: other programs on the machine only ever add time, so the minimum
    // is the figure least disturbed by them (the median still moves with a busy neighbour).
    result.secondsPerBatch = *std::min_element(perForward.begin(), perForward.end());
    result.repeats = static_cast<int>(perForward.size());
    return result;
}

}  // namespace moe
