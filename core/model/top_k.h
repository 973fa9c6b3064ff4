#pragma once
// Intended usage: the selection step every token-choice router shares.
//
//   std::vector<int> best; topK(row, E, k, best);   // best[0] is the largest

#include <algorithm>
#include <numeric>
#include <vector>

namespace moe {

/// Up to this many places, topK selects by insertion instead of sorting.
inline constexpr int kTopKInsertionMax = 4;

/// Indices of the k largest of values[0..n), largest first; equal values resolve to the
/// lower index, so selection is deterministic. `order` is resized to n; its first k hold
/// the result (the rest is unspecified).
template <class Score>
void topK(int n, int k, std::vector<int>& order, const Score& score) {
    order.resize(static_cast<std::size_t>(n));
    if (k <= kTopKInsertionMax && k < n) {
        // Few places (top-1, top-2 routing): one pass keeping the k best in order, each score
        // read once; the same total order as below, so the same result. order[k..n) is not
        // written.
        float best[kTopKInsertionMax] = {};
        int kept = 0;
        for (int e = 0; e < n; ++e) {
            const float s = score(e);
            // Scanning in index order, a tie never beats an index already kept.
            int at = kept;
            while (at > 0 && s > best[at - 1]) --at;
            if (at >= k) continue;
            const int last = std::min(kept, k - 1);  // the slot the shift fills
            std::copy_backward(best + at, best + last, best + last + 1);
            std::copy_backward(order.begin() + at, order.begin() + last, order.begin() + last + 1);
            best[at] = s;
            order[static_cast<std::size_t>(at)] = e;
            kept = std::min(kept + 1, k);
        }
        return;
    }
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
        const float sa = score(a), sb = score(b);
        return sa > sb || (sa == sb && a < b);
    });
}

}  // namespace moe
