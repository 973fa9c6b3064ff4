#pragma once
// Intended usage: the one look of the application's Qt Charts (learning curves,
// utilisation curves): tight margins, square corners, a small legend on top, value axes
// with small labels and light grid lines.
//
//   QChart* chart = ChartStyle::chart();
//   QValueAxis* y = ChartStyle::valueAxis(tr("Loss"));

#include <QString>

class QChart;
class QValueAxis;

namespace moe::ui {

class ChartStyle {
public:
    /// A new chart (owned by the caller, usually through a QChartView).
    static QChart* chart();
    /// A new value axis titled `title` (owned by the chart it is added to).
    static QValueAxis* valueAxis(const QString& title);
};

}  // namespace moe::ui
