#pragma once
// Intended usage: the colour scale of every heatmap. A perceptually uniform, colour-blind-
// safe sequential map from dark violet (low) through blue and green to yellow (high),
// interpolated in RGB between nine anchor colours of the viridis scale (van der Walt and
// Smith, 2015). Lightness rises monotonically, so the scale also reads in greyscale print.
//
//   QColor c = SequentialColorMap::color(0.25);          // t in [0, 1], clamped
//   QColor text = SequentialColorMap::textColor(0.25);   // black or white, readable on c

#include <QColor>

namespace moe::ui {

class SequentialColorMap {
public:
    /// The colour at `t` in [0, 1] (clamped; NaN gives the low end).
    static QColor color(double t);
    /// Black or white, whichever reads better on color(t).
    static QColor textColor(double t);
    /// The colour of a cell with no value (NaN): a light grey outside the scale.
    static QColor missing();
};

}  // namespace moe::ui
