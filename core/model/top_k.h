#pragma once
// Intended usage: the selection step every token-choice router shares.
//
//   std::vector<int> best; topK(row, E, k, best);   // best[0] is the largest

#include <algorithm>
#include <numeric>
#include <vector>

namespace moe {

/// Indices of the k largest of values[0..n), largest first; equal values resolve to the
/// lower index, so selection is deterministic. `order` is resized to n; its first k hold
/// the result.
template <class Score>
void topK(int n, int k, std::vector<int>& order, const Score& score) {
    order.resize(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
        const float sa = score(a), sb = score(b);
        return sa > sb || (sa == sb && a < b);
    });
}

}  // namespace moe
