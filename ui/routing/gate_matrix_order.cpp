#include "ui/routing/gate_matrix_order.h"

#include "ui/charts/expert_palette.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace moe::ui {

GateMatrixOrder GateMatrixOrder::arrange(const moe::GateMatrix& matrix, Key key, const QStringList& classNames) {
    GateMatrixOrder order;
    const int n = matrix.samples;
    if (n <= 0 || matrix.experts <= 0) return order;
    if (key == Key::ByClass && matrix.labels.empty()) key = Key::ByTopExpert;
    std::vector<int> top(static_cast<std::size_t>(n));
    std::vector<float> confidence(static_cast<std::size_t>(n));
    for (int t = 0; t < n; ++t) {
        top[static_cast<std::size_t>(t)] = matrix.topExpert(t);
        confidence[static_cast<std::size_t>(t)] = matrix.prob(t, top[static_cast<std::size_t>(t)]);
    }
    // The group of each sample (class, top expert, or one group) and the order inside it.
    auto group = [&](int t) {
        switch (key) {
        case Key::ByClass: return matrix.labels[static_cast<std::size_t>(t)];
        case Key::ByTopExpert: return top[static_cast<std::size_t>(t)];
        case Key::ByConfidence: break;
        }
        return 0;
    };
    auto sortKey = [&](int t) {
        const auto i = static_cast<std::size_t>(t);
        const int within = key == Key::ByClass ? top[i] : 0;
        return std::make_tuple(group(t), within, -confidence[i], t);
    };
    order.samples.resize(static_cast<std::size_t>(n));
    std::iota(order.samples.begin(), order.samples.end(), 0);
    std::sort(order.samples.begin(), order.samples.end(), [&](int a, int b) { return sortKey(a) < sortKey(b); });
    if (key == Key::ByConfidence) return order;
    for (int row = 0; row < n; ++row) {
        const int g = group(order.samples[static_cast<std::size_t>(row)]);
        if (!order.groups.isEmpty() && group(order.samples[static_cast<std::size_t>(order.groups.constLast().first)]) == g) {
            ++order.groups.last().count;
            continue;
        }
        HeatmapData::Group next;
        next.first = row;
        next.count = 1;
        if (key == Key::ByClass) {
            next.name = classNames.value(g, QString::number(g));
        } else {
            next.name = ExpertPalette::name(g);
            next.color = ExpertPalette::color(g);
        }
        order.groups.append(next);
    }
    return order;
}

}  // namespace moe::ui
