#pragma once
// Intended usage: what a routing trace says about a real model's router, by the definitions
// of moe-spec section 5 (the same functions as a trained model's routing, routing_metrics.h):
// per MoE layer the load of each expert, its CV, MaxVio, usage entropy, dead and hot experts,
// the co-activation matrix and its strongest pairs, the label x expert table and its NMI; and
// between consecutive MoE layers how consistently a token is routed. `moe trace-stats` prints
// it (trace_stats_json.h); the Trace workspace draws it. Layers are computed in parallel
// (oneTBB), each on its own, so the result does not depend on the thread count.
//
//   TraceStats s = computeTraceStats(trace.value());
//   s.layers[0].loadCv;                 // of the first MoE layer
//   s.layers[0].coActivation[a * E + b]; // tokens that chose both a and b
//
// A count-only trace fills the load figures only (no weights, pairs, labels or consistency).

#include "core/trace/routing_trace.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace moe {

struct TraceStatsOptions {
    int topPairs = 10;        ///< co-activation pairs listed per layer
    double hotFactor = 2.0;   ///< a hot expert has at least hotFactor x the mean load
};

struct CoActivationPair {
    int a = 0, b = 0;          ///< a < b
    std::int64_t count = 0;    ///< tokens that chose both
    double lift = 0.0;         ///< count * T / (n_a * n_b): 1 = as often as by chance
};

struct LayerTraceStats {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    int layer = 0;                          ///< the layer's index in the network (meta.moe_layers)
    std::vector<double> expertCount;        ///< E: assignments, over every token and rank
    std::vector<double> expertLoad;         ///< E: fractions f_i, summing to 1
    double loadCv = 0.0;                    ///< population std / mean of the counts
    double maxViolation = 0.0;              ///< (max - mean) / mean of the counts
    double usageEntropy = 0.0;              ///< -sum f ln f / ln E, 1 = balanced
    std::vector<int> deadExperts;           ///< experts with no assignment
    std::vector<int> hotExperts;            ///< experts with at least hotFactor x the mean load
    double meanTopWeight = kNone;           ///< mean weight of the first choice
    double meanWeightSum = kNone;           ///< mean sum of a token's k weights
    double scoreEntropy = kNone;            ///< with scores: mean H(router distribution) / ln E
    /// E x E row-major, symmetric: tokens that chose both a and b; the diagonal holds the
    /// tokens that chose a (= expertCount[a]). Empty for a count-only trace.
    std::vector<std::int64_t> coActivation;
    std::vector<CoActivationPair> topPairs;  ///< the largest counts, then the lower ids first
    /// With labels: labels x E, the share of a label's assignments sent to each expert (rows
    /// sum to 1, or 0 for a label no token has), and I(label; expert) / H(label).
    std::vector<std::vector<double>> labelExpert;
    double labelExpertNmi = kNone;
};

/// From one MoE layer to the next (meta.moe_layers order), over every token.
struct LayerConsistency {
    int fromLayer = 0, toLayer = 0;  ///< network indices
    double sameTop1 = 0.0;           ///< share of tokens whose first choice has the same id in both
    double sameTop1Chance = 0.0;     ///< that share if the two choices were independent: sum_e f(e) g(e)
    double top1Nmi = 0.0;            ///< I(first choice here; there) / H(there), NaN if H = 0
    double setOverlap = 0.0;         ///< mean |chosen here and there| / k
};

struct TraceStats {
    bool countsOnly = false;
    std::size_t tokens = 0;           ///< T (count-only: assignments of the first layer / k)
    std::size_t sequences = 0;        ///< distinct sequence numbers
    std::size_t steps = 0;            ///< count-only: S
    std::size_t labelledTokens = 0;   ///< tokens with a label
    std::vector<LayerTraceStats> layers;
    std::vector<LayerConsistency> consistency;  ///< L - 1 entries (none for count-only)
};

TraceStats computeTraceStats(const RoutingTrace& trace, const TraceStatsOptions& options = {});

}  // namespace moe
