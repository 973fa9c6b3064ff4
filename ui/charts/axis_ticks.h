#pragma once
// Intended usage: "nice" tick positions (1, 2, 2.5, 5 x 10^n steps) for the axes the app
// paints itself, e.g. the territory map.
//
//   AxisTicks t = AxisTicks::compute(-3.2, 3.4, 6);  // t.values = {-3, -2, ..., 3}

#include <QList>
#include <QString>

namespace moe::ui {

class AxisTicks {
public:
    /// About `target` ticks inside [lo, hi]; empty when the range is empty or not finite.
    static AxisTicks compute(double lo, double hi, int target);
    /// A tick label with just enough decimals for this step.
    QString label(double value) const;
    /// The decimals label() writes, and the same as a printf format for QValueAxis
    /// ("%.2f" for steps of 0.25: "%.1f" printed 0.25 as 0.3).
    int decimals() const;
    QString labelFormat() const;

    QList<double> values;
    double step = 0.0;
};

}  // namespace moe::ui
