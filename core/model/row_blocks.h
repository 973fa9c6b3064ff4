#pragma once
// Intended usage: split a batch's rows into fixed blocks and run them on oneTBB. The blocks
// are [0, 256), [256, 512), ... whatever the thread count, so a pass whose rows are
// independent, or whose per-block results are later summed in block order, gives the same
// bits on 1 or N threads.
//
//   forEachRowBlock(T, [&](int begin, int end) { for (int t = begin; t < end; ++t) ...; });
//   orderedSum(T, [&](int t) { return rowLoss(t); });   // sum of row values in row order

#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

namespace moe {

/// Rows per block: large enough to amortise a task, small enough to share a batch of 1024.
inline constexpr int kRowBlock = 256;

template <class Body>
void forEachRowBlock(int rows, const Body& body) {
    const int blocks = (rows + kRowBlock - 1) / kRowBlock;
    if (blocks <= 1) {
        if (rows > 0) body(0, rows);
        return;
    }
    tbb::parallel_for(0, blocks, [&](int b) { body(b * kRowBlock, std::min(rows, (b + 1) * kRowBlock)); });
}

/// value(t) for every row in parallel, summed in row order (so the sum never depends on
/// the thread count). `value` may also write per-row results (gradients) as a side effect.
template <class Value>
double orderedRowSum(int rows, const Value& value) {
    std::vector<double> perRow(static_cast<std::size_t>(std::max(rows, 0)));
    forEachRowBlock(rows, [&](int begin, int end) {
        for (int t = begin; t < end; ++t) perRow[static_cast<std::size_t>(t)] = value(t);
    });
    double sum = 0.0;
    for (double v : perRow) sum += v;
    return sum;
}

}  // namespace moe
