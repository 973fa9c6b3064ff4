#pragma once
// Intended usage: how a data point of each class is drawn. Classes use neutral fills
// (black, white, grey) and marker shapes, never hues, so that points stay readable on top
// of the expert colours of the territory map and are never mistaken for an expert.
//
//   painter.setBrush(ClassPalette::fill(label));
//   painter.drawPath(ClassPalette::markerPath(ClassPalette::shape(label), centre, radius));

#include <QColor>
#include <QPainterPath>
#include <QPointF>

namespace moe::ui {

class ClassPalette {
public:
    enum class Shape { Circle, Square, Triangle, Diamond };

    static QColor fill(int cls);
    static Shape shape(int cls);
    /// The dark outline every data point gets.
    static QColor outline();
    /// A class's region on a decision map: Paul Tol's colour-blind-safe "light" scheme, so
    /// the black, white and grey class markers stay readable on top. Pastel, unlike the
    /// saturated expert colours, and shown only in the maps of predicted classes.
    static QColor regionColor(int cls);
    /// Regression targets: a light-to-dark ramp, `t` in [0, 1].
    static QColor valueFill(double t);
    /// A marker of `shape` centred on `centre` whose circle would have radius `radius`.
    static QPainterPath markerPath(Shape shape, QPointF centre, double radius);
};

}  // namespace moe::ui
