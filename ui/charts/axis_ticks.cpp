#include "ui/charts/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace moe::ui {

AxisTicks AxisTicks::compute(double lo, double hi, int target) {
    AxisTicks ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || target < 1) return ticks;
    const double raw = (hi - lo) / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw) break;
    }
    ticks.step = step;
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9; v += step)
        ticks.values.append(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return ticks;
}

int AxisTicks::decimals() const {
    if (!(step > 0.0)) return 0;
    const int base = step >= 1.0 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    // 2.5-steps need one more decimal than their magnitude suggests.
    const double scaled = step * std::pow(10.0, base);
    return base + (std::abs(scaled - std::round(scaled)) > 1e-6 ? 1 : 0);
}

QString AxisTicks::label(double value) const { return QString::number(value, 'f', decimals()); }

QString AxisTicks::labelFormat() const { return QStringLiteral("%.%1f").arg(decimals()); }

}  // namespace moe::ui
