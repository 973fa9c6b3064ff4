#pragma once
// Intended usage: the order in which a co-activation matrix is drawn so that experts that are
// chosen together for the same tokens sit side by side. The counts of TraceStats
// (LayerTraceStats::coActivation, E x E, the diagonal holding each expert's own count) are
// normalised to the cosine (Ochiai) coefficient c_ab / sqrt(n_a n_b), and the experts are
// clustered by average linkage on it; the order is the dendrogram's leaves, left to right.
//
//   const std::vector<double> s = normalisedCoActivation(stats.layers[l].coActivation, E);
//   const std::vector<int> order = coActivationOrder(s, E);   // a permutation of 0..E-1
//   draw(s[order[i] * E + order[j]]) for i, j in 0..E-1
//
// Deterministic: ties go to the pair with the lower expert ids, and the cluster holding the
// lower id is placed first; experts never chosen (n = 0) come last, in id order. O(E^3)
// time, E^2 memory: 128 experts take about 2 ms.

#include <cstdint>
#include <vector>

namespace moe {

/// E x E row-major: c_ab / sqrt(n_a n_b) with n the diagonal of `counts` (E x E, symmetric);
/// 1 on the diagonal of an expert with tokens, 0 in every row and column of one without.
std::vector<double> normalisedCoActivation(const std::vector<std::int64_t>& counts, int experts);

/// The clustering order of `similarity` (E x E, symmetric, larger = closer, as
/// normalisedCoActivation gives): a permutation of 0..E-1. `alive` (E entries or empty for
/// all): which experts take part; the others are appended in id order.
std::vector<int> coActivationOrder(const std::vector<double>& similarity, int experts,
                                   const std::vector<bool>& alive = {});

}  // namespace moe
