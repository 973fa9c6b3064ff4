#include "core/scale/expert_parallel.h"

#include "core/scale/expert_placement.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace moe {
namespace {

Result<std::vector<double>> normalisedLoads(const std::vector<double>& loads, int experts) {
    if (loads.empty()) return std::vector<double>(static_cast<std::size_t>(experts), 1.0 / experts);
    if (loads.size() != static_cast<std::size_t>(experts))
        return Error{"loads: must give one load for each of the " + std::to_string(experts) +
                     " experts, got " + std::to_string(loads.size())};
    double sum = 0.0;
    for (std::size_t e = 0; e < loads.size(); ++e) {
        if (!std::isfinite(loads[e]) || loads[e] < 0.0)
            return Error{"loads[" + std::to_string(e) + "]: must be a non-negative number"};
        sum += loads[e];
    }
    if (!(sum > 0.0)) return Error{"loads: at least one load must be positive"};
    std::vector<double> out(loads);
    for (double& l : out) l /= sum;
    return out;
}

Status checkRates(const ExpertParallelSetup& s) {
    if (!(s.tokensPerRank > 0.0) || !std::isfinite(s.tokensPerRank))
        return Error{"tokens_per_rank: must be positive"};
    if (!(s.rankFlopsPerSecond > 0.0) || !std::isfinite(s.rankFlopsPerSecond))
        return Error{"rank_flops: must be positive"};
    if (!(s.rankBytesPerSecond > 0.0) || !std::isfinite(s.rankBytesPerSecond))
        return Error{"rank_bandwidth: must be positive"};
    return {};
}

}  // namespace

Result<ExpertParallelEstimate> estimateExpertParallel(const LlmConfig& config, const LlmCost& cost,
                                                      const ExpertParallelSetup& s) {
    const int E = config.moe.experts;
    const int R = s.ranks;
    if (R < 1 || R > E)
        return Error{"ranks: must be between 1 and the experts (" + std::to_string(E) + "), got " +
                     std::to_string(R)};
    if (Status p = checkPlacement(s.rankOfExpert, E, R); !p) return Error{"placement: " + p.error()};
    if (Status r = checkRates(s); !r) return Error{r.error()};
    Result<std::vector<double>> loads = normalisedLoads(s.loads, E);
    if (!loads) return Error{loads.error()};

    ExpertParallelEstimate ep;
    ep.ranks = R;
    ep.rankOfExpert = s.rankOfExpert;
    ep.expertLoad = std::move(loads).value();
    ep.expertsPerRank.assign(static_cast<std::size_t>(R), 0);
    ep.rankLoad.assign(static_cast<std::size_t>(R), 0.0);
    for (std::size_t e = 0; e < ep.rankOfExpert.size(); ++e) {
        const auto r = static_cast<std::size_t>(ep.rankOfExpert[e]);
        ++ep.expertsPerRank[r];
        ep.rankLoad[r] += ep.expertLoad[e];
    }
    const double mean = 1.0 / R;
    const double maxLoad = *std::max_element(ep.rankLoad.begin(), ep.rankLoad.end());
    ep.imbalance = maxLoad / mean;
    ep.maxViolation = (maxLoad - mean) / mean;

    const double k = config.moe.topK;
    const double vectorBytes = config.hidden * bytesPerValue(s.activationDtype);
    ep.remoteFraction = 1.0 - mean;
    ep.dispatchBytesPerToken = k * ep.remoteFraction * vectorBytes;
    ep.combineBytesPerToken = ep.dispatchBytesPerToken;

    // Work of one MoE layer on one token outside the routed experts: its share of attention
    // (projections and context at decode), the router, the shared experts and the combine.
    const TokenFlops& f = cost.decode;
    const double moeLayers = config.moeLayers();
    const double otherFlops = (f.attentionProjections + f.attentionContext) / config.layers +
                              (f.router + f.sharedExperts + f.combine) / moeLayers;
    const double B = s.tokensPerRank;
    const double assignments = B * R * k;  // routed assignments of the whole step, per layer
    const auto computeSeconds = [&](double rankLoad) {
        return (B * otherFlops + assignments * rankLoad * cost.flopsPerExpertAssignment) /
               s.rankFlopsPerSecond;
    };
    ep.rankComputeSeconds.resize(static_cast<std::size_t>(R));
    ep.rankCommSeconds.resize(static_cast<std::size_t>(R));
    double slowest = -1.0;
    for (std::size_t r = 0; r < static_cast<std::size_t>(R); ++r) {
        // Dispatch: a rank sends its tokens' remote copies and receives the copies for its
        // experts from the other ranks; combine sends them back. Each direction of the link
        // carries the larger of the two.
        const double sent = B * k * ep.remoteFraction;
        const double received = assignments * ep.rankLoad[r] * ep.remoteFraction;
        ep.rankComputeSeconds[r] = computeSeconds(ep.rankLoad[r]);
        ep.rankCommSeconds[r] = 2.0 * std::max(sent, received) * vectorBytes / s.rankBytesPerSecond;
        const double serial = ep.rankComputeSeconds[r] + ep.rankCommSeconds[r];
        if (serial > slowest) {
            slowest = serial;
            ep.busiestRank = static_cast<int>(r);
        }
        ep.overlappedStepSeconds =
            std::max(ep.overlappedStepSeconds, std::max(ep.rankComputeSeconds[r], ep.rankCommSeconds[r]));
    }
    const auto b = static_cast<std::size_t>(ep.busiestRank);
    ep.computeSeconds = ep.rankComputeSeconds[b];
    ep.commSeconds = ep.rankCommSeconds[b];
    ep.stepSeconds = slowest;
    ep.balancedComputeSeconds = computeSeconds(mean);
    return ep;
}

}  // namespace moe
