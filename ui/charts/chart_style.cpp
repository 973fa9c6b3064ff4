#include "ui/charts/chart_style.h"

#include "ui/charts/axis_ticks.h"
#include "ui/charts/presentation.h"

#include <QChart>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace moe::ui {

QChart* ChartStyle::chart() {
    auto* chart = new QChart;
    chart->setMargins(QMargins(2, 2, 6, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    QFont f = chart->legend()->font();
    f.setPointSizeF(8.5);
    chart->legend()->setFont(f);
    Presentation::instance()->track(chart);  // zoom and contrast follow View > Zoom
    return chart;
}

QLineSeries* ChartStyle::lineSeries(const QString& name, const QColor& color, qreal width, Qt::PenStyle style) {
    auto* s = new QLineSeries;
    s->setName(name);
    s->setPen(QPen(color, width, style, Qt::FlatCap, Qt::BevelJoin));
    return s;
}

QValueAxis* ChartStyle::valueAxis(const QString& title) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    QFont f = axis->titleFont();
    f.setPointSizeF(9.0);
    f.setBold(false);
    axis->setTitleFont(f);
    QFont lf = axis->labelsFont();
    lf.setPointSizeF(8.5);
    axis->setLabelsFont(lf);
    axis->setGridLineColor(QColor(0xE4, 0xE4, 0xE4));
    axis->setMinorGridLineVisible(false);
    return axis;
}

void ChartStyle::setNiceRange(QValueAxis* axis, double lo, double hi, int ticks) {
    if (!(hi > lo)) hi = lo + 1.0;
    const AxisTicks t = AxisTicks::compute(lo, hi, std::max(1, ticks - 1));
    if (t.step <= 0.0) return;  // not finite: leave the axis as it is
    const double niceLo = std::floor(lo / t.step + 1e-9) * t.step;
    const double niceHi = std::ceil(hi / t.step - 1e-9) * t.step;
    const int count = static_cast<int>(std::lround((niceHi - niceLo) / t.step)) + 1;
    setRange(axis, niceLo, niceHi);
    if (axis->tickCount() != count) axis->setTickCount(count);
}

void ChartStyle::setRange(QValueAxis* axis, double lo, double hi) {
    if (axis->min() != lo || axis->max() != hi) axis->setRange(lo, hi);
}

}  // namespace moe::ui
