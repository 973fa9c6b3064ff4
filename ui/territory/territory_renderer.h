#pragma once
// Intended usage: turns a TerritoryGrid into pixels and lines. One image pixel per grid
// cell (row 0 = top = yMax), coloured by the expert the gate prefers and blended toward
// white as the gate's confidence falls to 1/E (no preference). Contours are traced through
// cell centres, in cell units (the image spans [0, width] x [0, height]), so they can be
// scaled onto the drawn image with one transform.
//
//   QImage img = TerritoryRenderer::image(grid);
//   QPainterPath border = TerritoryRenderer::contours(grid.predictedClass, grid.spec.width, grid.spec.height);

#include "core/train/snapshot.h"

#include <QImage>
#include <QPainterPath>

#include <vector>

namespace moe::ui {

class TerritoryRenderer {
public:
    /// Null image when the grid is empty or inconsistent.
    static QImage image(const moe::TerritoryGrid& grid);
    /// The same from one layer's arrays (grid.layerExpert[l], grid.layerConfidence[l]).
    static QImage image(const std::vector<int>& expert, const std::vector<float>& confidence, int width, int height,
                        int experts);
    /// A decision map: each cell in its class's ClassPalette::regionColor().
    static QImage classImage(const std::vector<int>& classes, int width, int height);
    /// A regression map: each cell's value on ClassPalette::valueFill() between lo and hi.
    static QImage valueImage(const std::vector<float>& values, int width, int height, float lo, float hi);
    /// How much of the expert's colour a cell gets: 0.15 at confidence 1/E, 1 at confidence 1.
    static double strength(double confidence, int experts);
    /// Lines separating cells with different labels, through the cells' edge midpoints.
    static QPainterPath contours(const std::vector<int>& labels, int width, int height);
};

}  // namespace moe::ui
