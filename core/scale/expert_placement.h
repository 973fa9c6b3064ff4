#pragma once
// Intended usage: which rank (accelerator) holds each of the E routed experts of an MoE
// layer when they are spread over R ranks (expert parallelism).
//
//   Result<std::vector<int>> where = placeExperts(Placement::Balanced, 256, 64, loads);
//   // where.value()[e] is the rank of expert e, in [0, 64)
//
// contiguous: experts [0, E/R) on rank 0, the next E/R on rank 1, ... (GShard's and
//   DeepSpeed-MoE's layout); R must divide E.
// round-robin: expert e on rank e mod R; any R <= E.
// balanced: greedy by load, as DeepSeek's EPLB packs one layer's experts: experts in
//   descending load each go to the least-loaded rank that still has room for one of its E/R
//   experts (ties: the lower expert, then the lower rank); R must divide E.

#include "core/util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class Placement { Contiguous, RoundRobin, Balanced };

/// "contiguous", "round-robin", "balanced".
const char* placementName(Placement placement);
std::optional<Placement> placementFromName(const std::string& name);

/// The rank of every expert. `loads` (E non-negative numbers) is needed by Balanced only;
/// an empty vector means uniform. Fails, naming the reason, when R is not in [1, E] or the
/// placement needs R to divide E.
Result<std::vector<int>> placeExperts(Placement placement, int experts, int ranks,
                                      const std::vector<double>& loads);

/// Checks a placement given by the user (one rank per expert): E entries, each in [0, R),
/// every rank holding at least one expert. The error names the entry ("[3]: ...").
Status checkPlacement(const std::vector<int>& rankOfExpert, int experts, int ranks);

}  // namespace moe
