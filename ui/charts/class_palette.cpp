#include "ui/charts/class_palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {
namespace {

constexpr std::array<QRgb, 3> kFills{0xFF1E1E1E, 0xFFFFFFFF, 0xFF9A9A9A};
constexpr std::array kShapes{ClassPalette::Shape::Circle, ClassPalette::Shape::Square,
                             ClassPalette::Shape::Triangle, ClassPalette::Shape::Diamond};

// Paul Tol's "light" scheme (2021).
constexpr std::array<QRgb, 9> kRegions{0xFF77AADD, 0xFFEE8866, 0xFFEEDD88, 0xFFFFAABB, 0xFF99DDFF,
                                       0xFF44BB99, 0xFFBBCC33, 0xFFAAAA00, 0xFFDDDDDD};

}  // namespace

QColor ClassPalette::regionColor(int cls) {
    const auto i = static_cast<std::size_t>(std::max(cls, 0));
    const QColor c = QColor::fromRgb(kRegions[i % kRegions.size()]);
    // Lightened so the regions read as a background (and never as an expert's colour); a
    // second round (10+ classes) is paler still, so it stays distinct from the first.
    const double keep = i < kRegions.size() ? 0.6 : 0.3;
    auto mix = [keep](int channel) { return static_cast<int>(std::lround(255.0 + (channel - 255.0) * keep)); };
    return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

QColor ClassPalette::fill(int cls) {
    const auto i = static_cast<std::size_t>(std::max(cls, 0));
    return QColor::fromRgb(kFills[i % kFills.size()]);
}

ClassPalette::Shape ClassPalette::shape(int cls) {
    const auto i = static_cast<std::size_t>(std::max(cls, 0));
    return kShapes[(i / kFills.size()) % kShapes.size()];
}

QColor ClassPalette::outline() { return QColor(0x20, 0x20, 0x20); }

QColor ClassPalette::valueFill(double t) {
    const double u = std::clamp(t, 0.0, 1.0);
    const int v = static_cast<int>(std::lround(245.0 - 215.0 * u));
    return QColor(v, v, v);
}

QPainterPath ClassPalette::markerPath(Shape shape, QPointF centre, double radius) {
    QPainterPath path;
    const double r = radius;
    switch (shape) {
    case Shape::Circle:
        path.addEllipse(centre, r, r);
        break;
    case Shape::Square:
        path.addRect(QRectF(centre.x() - 0.9 * r, centre.y() - 0.9 * r, 1.8 * r, 1.8 * r));
        break;
    case Shape::Triangle:
        path.moveTo(centre + QPointF(0.0, -1.15 * r));
        path.lineTo(centre + QPointF(1.05 * r, 0.75 * r));
        path.lineTo(centre + QPointF(-1.05 * r, 0.75 * r));
        path.closeSubpath();
        break;
    case Shape::Diamond:
        path.moveTo(centre + QPointF(0.0, -1.2 * r));
        path.lineTo(centre + QPointF(1.2 * r, 0.0));
        path.lineTo(centre + QPointF(0.0, 1.2 * r));
        path.lineTo(centre + QPointF(-1.2 * r, 0.0));
        path.closeSubpath();
        break;
    }
    return path;
}

}  // namespace moe::ui
