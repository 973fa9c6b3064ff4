#include "ui/charts/sequential_color_map.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {
namespace {

// Viridis at t = 0, 1/8, ..., 1.
constexpr std::array<QRgb, 9> kAnchors{
    0xFF440154, 0xFF472C7A, 0xFF3B518B, 0xFF2C718E, 0xFF21908D,
    0xFF27AD81, 0xFF5CC863, 0xFFAADC32, 0xFFFDE725,
};

double clamp01(double t) { return std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0; }

}  // namespace

QColor SequentialColorMap::color(double t) {
    const double x = clamp01(t) * static_cast<double>(kAnchors.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(x), kAnchors.size() - 2);
    const double f = x - static_cast<double>(i);
    const QRgb a = kAnchors[i], b = kAnchors[i + 1];
    auto mix = [f](int ca, int cb) { return static_cast<int>(std::lround(ca + (cb - ca) * f)); };
    return QColor(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

QColor SequentialColorMap::textColor(double t) {
    // Relative luminance (sRGB approximated by a 2.2 gamma); the scale crosses mid-grey
    // between green and yellow-green.
    const QColor c = color(t);
    auto lin = [](int v) { return std::pow(v / 255.0, 2.2); };
    const double y = 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue());
    return y > 0.18 ? QColor(Qt::black) : QColor(Qt::white);
}

QColor SequentialColorMap::missing() { return QColor(0xD9, 0xD9, 0xD9); }

}  // namespace moe::ui
