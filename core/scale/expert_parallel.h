#pragma once
// Intended usage: what spreading the routed experts of a transformer MoE model over R ranks
// (expert parallelism) costs per MoE layer - how the routed work divides between the ranks,
// the bytes every token sends to other ranks and gets back (the all-to-all), and a time
// model in which the busiest rank sets the pace. Formulas: docs/moe-definitions.md,
// "Expert parallelism".
//
//   ExpertParallelSetup s;  s.ranks = 64;
//   s.rankOfExpert = placeExperts(Placement::Contiguous, 256, 64, {}).value();
//   Result<ExpertParallelEstimate> ep = estimateExpertParallel(config, cost, s);
//   ep.value().allToAllBytesPerToken();      // dispatch + combine, one MoE layer
//
// Model: tokens sit evenly on the ranks (tokensPerRank each, independent of where their
// experts are); `loads` gives each routed expert's share of the assignments (the same in
// every MoE layer); a token's hidden vector travels to every chosen expert on another rank
// and its output comes back (no deduplication of experts on the same rank); shared experts,
// attention and the router run on the token's own rank.

#include "core/scale/llm_config.h"
#include "core/scale/llm_cost.h"
#include "core/scale/weight_dtype.h"
#include "core/util/result.h"

#include <vector>

namespace moe {

struct ExpertParallelSetup {
    int ranks = 1;
    std::vector<int> rankOfExpert;  ///< E entries in [0, ranks) (expert_placement.h)
    std::vector<double> loads;      ///< E non-negative weights, normalised; empty = uniform
    WeightDtype activationDtype = WeightDtype::Bf16;  ///< what the all-to-all carries
    double tokensPerRank = 4096.0;       ///< tokens each rank holds in one step
    double rankFlopsPerSecond = 400e12;  ///< sustained FLOP rate of one rank
    double rankBytesPerSecond = 50e9;    ///< network bandwidth of one rank, each direction
};

struct ExpertParallelEstimate {
    int ranks = 1;
    std::vector<int> rankOfExpert;
    std::vector<int> expertsPerRank;
    std::vector<double> expertLoad;  ///< the loads used, summing to 1
    std::vector<double> rankLoad;    ///< each rank's share of the routed assignments, sums to 1
    double imbalance = 1.0;          ///< max rank load / mean rank load
    double maxViolation = 0.0;       ///< (max - mean) / mean
    double remoteFraction = 0.0;     ///< share of a token's assignments on other ranks: 1 - 1/R
    double dispatchBytesPerToken = 0.0;  ///< per MoE layer
    double combineBytesPerToken = 0.0;   ///< per MoE layer
    // One MoE layer (its attention included) for one step of tokensPerRank tokens per rank.
    std::vector<double> rankComputeSeconds;
    std::vector<double> rankCommSeconds;
    int busiestRank = 0;                 ///< the rank that finishes last
    double computeSeconds = 0.0;         ///< the busiest rank's compute
    double commSeconds = 0.0;            ///< the busiest rank's all-to-all time
    double balancedComputeSeconds = 0.0; ///< compute if every rank had the mean load
    double stepSeconds = 0.0;            ///< busiest rank, compute then communication
    double overlappedStepSeconds = 0.0;  ///< busiest rank, communication hidden behind compute

    double allToAllBytesPerToken() const { return dispatchBytesPerToken + combineBytesPerToken; }
};

/// The estimate for `config` (valid) and its `cost`. Fails, naming the field ("loads: ...",
/// "placement: ..."), on a placement or loads that do not fit the config, or on a
/// non-positive rate.
Result<ExpertParallelEstimate> estimateExpertParallel(const LlmConfig& config, const LlmCost& cost,
                                                      const ExpertParallelSetup& setup);

}  // namespace moe
