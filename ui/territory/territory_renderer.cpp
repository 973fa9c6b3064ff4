#include "ui/territory/territory_renderer.h"

#include "ui/charts/class_palette.h"
#include "ui/charts/expert_palette.h"

#include <QList>

#include <algorithm>
#include <cmath>

namespace moe::ui {

double TerritoryRenderer::strength(double confidence, int experts) {
    if (experts <= 1) return 1.0;
    const double chance = 1.0 / experts;
    const double t = std::clamp((confidence - chance) / (1.0 - chance), 0.0, 1.0);
    // sqrt: a gate that is fairly sure already looks clearly coloured.
    return 0.15 + 0.85 * std::sqrt(t);
}

QImage TerritoryRenderer::image(const moe::TerritoryGrid& grid) {
    return image(grid.expert, grid.confidence, grid.spec.width, grid.spec.height, grid.experts);
}

namespace {

std::size_t cellCount(int w, int h) {
    return static_cast<std::size_t>(std::max(w, 0)) * static_cast<std::size_t>(std::max(h, 0));
}

template <class Colour>
QImage paintCells(int w, int h, const Colour& colour) {
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < w; ++x)
            line[x] = colour(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x));
    }
    return img;
}

}  // namespace

QImage TerritoryRenderer::classImage(const std::vector<int>& classes, int w, int h) {
    if (w <= 0 || h <= 0 || classes.size() != cellCount(w, h)) return {};
    QList<QRgb> lut;
    for (int c : classes)
        while (c >= lut.size()) lut.append(ClassPalette::regionColor(static_cast<int>(lut.size())).rgb());
    return paintCells(w, h, [&](std::size_t i) { return lut[std::max(classes[i], 0)]; });
}

QImage TerritoryRenderer::valueImage(const std::vector<float>& values, int w, int h, float lo, float hi) {
    if (w <= 0 || h <= 0 || values.size() != cellCount(w, h)) return {};
    const float span = hi > lo ? hi - lo : 1.0f;
    return paintCells(w, h, [&](std::size_t i) { return ClassPalette::valueFill((values[i] - lo) / span).rgb(); });
}

QImage TerritoryRenderer::image(const std::vector<int>& expert, const std::vector<float>& confidence, int w, int h,
                                int expertCount) {
    const auto cells = cellCount(w, h);
    if (w <= 0 || h <= 0 || expert.size() != cells || confidence.size() != cells)
        return {};
    // Each shade is computed once per (expert, confidence level) instead of once per cell.
    constexpr int kLevels = 64;
    const int experts = std::max(expertCount, 1);
    QList<QRgb> lut(static_cast<qsizetype>(experts) * kLevels);
    for (int e = 0; e < experts; ++e)
        for (int l = 0; l < kLevels; ++l) {
            const double level = 1.0 / experts + (1.0 - 1.0 / experts) * l / (kLevels - 1);
            lut[e * kLevels + l] = ExpertPalette::shaded(e, strength(level, experts)).rgb();
        }
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
            const int e = std::clamp(expert[i], 0, experts - 1);
            const double chance = 1.0 / experts;
            const double t = experts > 1 ? (confidence[i] - chance) / (1.0 - chance) : 1.0;
            const int level = std::clamp(static_cast<int>(std::lround(t * (kLevels - 1))), 0, kLevels - 1);
            line[x] = lut[e * kLevels + level];
        }
    }
    return img;
}

QPainterPath TerritoryRenderer::contours(const std::vector<int>& labels, int width, int height) {
    QPainterPath path;
    const auto cells = static_cast<std::size_t>(std::max(width, 0)) * static_cast<std::size_t>(std::max(height, 0));
    if (width < 2 || height < 2 || labels.size() != cells) return path;
    auto at = [&](int x, int y) { return labels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)]; };
    // Marching squares over each 2x2 block of cell centres. A block edge whose two centres
    // differ is crossed at its midpoint; two crossings are joined directly, three or four
    // meet at the block's centre.
    for (int y = 0; y + 1 < height; ++y) {
        for (int x = 0; x + 1 < width; ++x) {
            const int a = at(x, y), b = at(x + 1, y), c = at(x, y + 1), d = at(x + 1, y + 1);
            if (a == b && b == c && c == d) continue;
            const double cx = x + 0.5, cy = y + 0.5;  // centre of cell (x, y)
            QPointF crossings[4];
            int n = 0;
            if (a != b) crossings[n++] = {cx + 0.5, cy};        // top edge
            if (b != d) crossings[n++] = {cx + 1.0, cy + 0.5};  // right edge
            if (c != d) crossings[n++] = {cx + 0.5, cy + 1.0};  // bottom edge
            if (a != c) crossings[n++] = {cx, cy + 0.5};        // left edge
            if (n == 2) {
                path.moveTo(crossings[0]);
                path.lineTo(crossings[1]);
            } else {
                const QPointF centre(cx + 0.5, cy + 0.5);
                for (int i = 0; i < n; ++i) {
                    path.moveTo(crossings[i]);
                    path.lineTo(centre);
                }
            }
        }
    }
    return path;
}

}  // namespace moe::ui
