#pragma once
// Intended usage: a BarChart (at_scale_figures.h) as horizontal stacked bars - each group
// under its title on a scale of its own, the value written after each bar, the key below,
// wrapping into rows when the view is narrow; narrower still, each bar's label goes above it
// (the figures stay whole in a 1024 px window). The At scale page draws its parameter and FLOP
// split, its memory and its step time with it.
//
//   auto* view = new StackedBarsView;
//   view->setChart(parameterFlopBars(figures.cost));

#include "ui/scale/at_scale_figures.h"

#include <QWidget>

namespace moe::ui {

class StackedBarsView : public QWidget {
    Q_OBJECT
public:
    explicit StackedBarsView(QWidget* parent = nullptr);

    void setChart(const BarChart& chart);
    const BarChart& chart() const { return m_chart; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int rowHeight() const;
    int labelWidth() const;
    int valueWidth() const;
    /// Top left of each key entry at `width`, after the bars end at `top`.
    QList<QPoint> keyLayout(int width, int top) const;
    int barsHeight(int width) const;
    /// Too narrow for label, bar and value side by side: each label goes above its bar.
    bool isNarrow(int width) const;
    /// The height of a group's title wrapped at `width`.
    int titleHeight(const QString& title, int width) const;

    BarChart m_chart;
};

}  // namespace moe::ui
