#include "ui/chart_style.h"

#include <QChart>
#include <QValueAxis>

namespace moe::ui {

QChart* ChartStyle::chart() {
    auto* chart = new QChart;
    chart->setMargins(QMargins(2, 2, 6, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    QFont f = chart->legend()->font();
    f.setPointSizeF(8.5);
    chart->legend()->setFont(f);
    return chart;
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

}  // namespace moe::ui
