#include "core/scale/expert_placement.h"

#include "core/util/name_table.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace moe {
namespace {

constexpr std::array kPlacementNames{std::pair{Placement::Contiguous, "contiguous"},
                                     std::pair{Placement::RoundRobin, "round-robin"},
                                     std::pair{Placement::Balanced, "balanced"}};

std::vector<int> balanced(int experts, int ranks, const std::vector<double>& loads) {
    const int perRank = experts / ranks;
    std::vector<int> order(static_cast<std::size_t>(experts));
    std::iota(order.begin(), order.end(), 0);
    // Uniform loads: every expert weighs the same, and the greedy fill is round-robin.
    const auto load = [&](int e) { return loads.empty() ? 1.0 : loads[static_cast<std::size_t>(e)]; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return load(a) > load(b); });
    std::vector<double> rankLoad(static_cast<std::size_t>(ranks), 0.0);
    std::vector<int> rankCount(static_cast<std::size_t>(ranks), 0);
    std::vector<int> where(static_cast<std::size_t>(experts), 0);
    for (int e : order) {
        int best = -1;
        for (int r = 0; r < ranks; ++r) {
            const auto ri = static_cast<std::size_t>(r);
            if (rankCount[ri] == perRank) continue;
            if (best < 0 || rankLoad[ri] < rankLoad[static_cast<std::size_t>(best)]) best = r;
        }
        const auto bi = static_cast<std::size_t>(best);
        where[static_cast<std::size_t>(e)] = best;
        rankLoad[bi] += load(e);
        ++rankCount[bi];
    }
    return where;
}

}  // namespace

const char* placementName(Placement placement) { return nameOf(kPlacementNames, placement); }

std::optional<Placement> placementFromName(const std::string& name) {
    return lookup(kPlacementNames, name);
}

Result<std::vector<int>> placeExperts(Placement placement, int experts, int ranks,
                                      const std::vector<double>& loads) {
    if (ranks < 1 || ranks > experts)
        return Error{"the ranks must be between 1 and the experts (" + std::to_string(experts) +
                     "), got " + std::to_string(ranks)};
    if (placement != Placement::RoundRobin && experts % ranks != 0)
        return Error{std::string(placementName(placement)) + " placement needs the ranks to divide the experts (" +
                     std::to_string(experts) + "), got " + std::to_string(ranks) +
                     " ranks (round-robin takes any number)"};
    std::vector<int> where(static_cast<std::size_t>(experts));
    if (placement == Placement::Balanced) return balanced(experts, ranks, loads);
    const int perRank = experts / ranks;
    for (int e = 0; e < experts; ++e)
        where[static_cast<std::size_t>(e)] = placement == Placement::Contiguous ? e / perRank : e % ranks;
    return where;
}

Status checkPlacement(const std::vector<int>& rankOfExpert, int experts, int ranks) {
    if (rankOfExpert.size() != static_cast<std::size_t>(experts))
        return Error{"must give a rank for each of the " + std::to_string(experts) + " experts, got " +
                     std::to_string(rankOfExpert.size())};
    std::vector<int> count(static_cast<std::size_t>(std::max(ranks, 0)), 0);
    for (std::size_t e = 0; e < rankOfExpert.size(); ++e) {
        const int r = rankOfExpert[e];
        if (r < 0 || r >= ranks) {
            // Built with append: GCC 12 warns falsely (-Wrestrict) on "[" + string.
            std::string message("[");
            message += std::to_string(e);
            message += "]: the rank must be between 0 and " + std::to_string(ranks - 1) +
                       ", got " + std::to_string(r);
            return Error{message};
        }
        ++count[static_cast<std::size_t>(r)];
    }
    for (std::size_t r = 0; r < count.size(); ++r)
        if (count[r] == 0) return Error{"rank " + std::to_string(r) + " holds no expert"};
    return {};
}

}  // namespace moe
