#include "ui/charts/heatmap_data.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moe::ui {

std::pair<double, double> HeatmapData::range() const {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (low) lo = *low;
    if (high) hi = *high;
    if (!std::isfinite(lo) && !std::isfinite(hi)) return {0.0, 1.0};
    if (!std::isfinite(lo)) lo = std::min(0.0, hi);
    if (!std::isfinite(hi)) hi = std::max(lo + 1.0, 1.0);
    if (hi <= lo) {
        // One value everywhere: keep it at the low end of a unit range if that end is fixed.
        if (low && !high) hi = lo + 1.0;
        else if (high && !low) lo = hi - 1.0;
        else {
            const double pad = std::max(std::abs(lo) * 0.5, 0.5);
            lo -= pad;
            hi += pad;
        }
    }
    return {lo, hi};
}

QString HeatmapData::format(double v) const {
    if (!std::isfinite(v)) return QStringLiteral("–");
    QString text = QString::number(v * displayScale, 'f', decimals);
    if (!unit.isEmpty()) text += (unit == QStringLiteral("%") ? QString() : QStringLiteral(" ")) + unit;
    return text;
}

const HeatmapData::Group* HeatmapData::groupOf(int row) const {
    for (const Group& g : rowGroups)
        if (row >= g.first && row < g.first + g.count) return &g;
    return nullptr;
}

}  // namespace moe::ui
