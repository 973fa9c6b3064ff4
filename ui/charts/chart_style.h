#pragma once
// Intended usage: the one look of the application's Qt Charts (learning curves,
// utilisation curves): tight margins, square corners, a small legend on top, value axes
// with small labels and light grid lines. Every chart made here follows the Presentation
// settings (ui/charts/presentation.h): zoom and high contrast.
//
//   QChart* chart = ChartStyle::chart();
//   QValueAxis* y = ChartStyle::valueAxis(tr("Loss"));
//   ChartStyle::setNiceRange(y, 0.0, maxLoss, 6);   // on every live redraw: cheap if unchanged

#include <QColor>
#include <QString>

class QChart;
class QLineSeries;
class QValueAxis;

namespace moe::ui {

class ChartStyle {
public:
    /// A new chart (owned by the caller, usually through a QChartView).
    static QChart* chart();
    /// A new value axis titled `title` (owned by the chart it is added to).
    static QValueAxis* valueAxis(const QString& title);
    /// Shows at least [lo, hi] on `axis`, widened to "nice" ends (1, 2, 2.5, 5 x 10^n
    /// steps) with about `ticks` tick marks. Touches the axis only when the result differs
    /// from what it shows: every change relays out the chart, which live views redrawing
    /// many times a second cannot afford.
    static void setNiceRange(QValueAxis* axis, double lo, double hi, int ticks);
    /// A new line series named `name`, drawn in `color` at `width` with `style` (flat caps,
    /// bevel joins: what thin curves with many points need).
    static QLineSeries* lineSeries(const QString& name, const QColor& color, qreal width, Qt::PenStyle style);
    /// Sets the range of `axis` only when it differs from the one shown.
    static void setRange(QValueAxis* axis, double lo, double hi);
};

}  // namespace moe::ui
