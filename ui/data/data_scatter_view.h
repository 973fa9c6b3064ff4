#pragma once
// Intended usage: a scatter plot of the dataset as generated (raw units): one series per
// class, drawn with the class markers of ClassPalette; regression targets in five value
// bands. Axes are labelled with the feature names.
//
//   view->setData(dataset);

#include "core/data/dataset.h"

#include <QList>
#include <QRectF>
#include <QWidget>

class QChart;
class QChartView;
class QValueAxis;

namespace moe::ui {

class ClassKey;

class DataScatterView : public QWidget {
    Q_OBJECT
public:
    explicit DataScatterView(QWidget* parent = nullptr);

    void setData(const moe::Dataset& dataset);
    /// On (the default): one unit is as long on x as on y, for features in the same unit.
    /// Off: each axis spans its own range.
    void setEqualAspect(bool on);
    /// Points currently plotted, all series together.
    qsizetype pointCount() const;
    /// The row of the plotted dataset drawn at `point` of series `series`, or -1.
    int rowOf(int series, QPointF point) const;
    /// The key of the classes (or value bands) beside the plot.
    const ClassKey* key() const { return m_key; }

signals:
    /// The pointer is over (hovered) or clicked the point of `row` of the plotted dataset.
    void rowHovered(int row);
    void rowClicked(int row);
    void hoverLeft();

private:
    /// Sets the axis ranges so one unit is as long on x as on y (circles stay round).
    void fitEqualAspect();

    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    ClassKey* m_key = nullptr;
    QList<QList<QPointF>> m_points;  // per series, as plotted
    QList<QList<int>> m_rows;        // per series: the dataset row of each point
    QRectF m_bounds;  // the data's extent with a margin, in data units (y up)
    bool m_fitting = false;
    bool m_equalAspect = true;
};

}  // namespace moe::ui
