#pragma once
// Intended usage: the expert territory map. Shows, for every point of the grid's plane,
// the expert the gate prefers (its ExpertPalette colour), paler where the gate is less
// sure, with the data points on top (class markers, dark outline), labelled axes and a
// legend of experts with their share of the test inputs. For 2-feature data the plane is
// the features themselves; for more it is the PCA plane through the data mean, and the
// view says so: axes "PC 1" / "PC 2", a caption calling the map a slice, and each data
// point drawn at its projection onto the plane.
//
//   view->setData(controller->data());
//   view->setTerritory(controller->territory());
//
// The image is built once per grid (one pixel per cell) and scaled when painted, with
// equal units on both axes, so it is sharp on high-DPI screens and cheap to repaint.

#include "core/data/dataset.h"
#include "core/train/snapshot.h"

#include <QImage>
#include <QPainterPath>
#include <QPixmap>
#include <QWidget>

#include <optional>
#include <vector>

namespace moe::ui {

class TerritoryLegend;

class TerritoryView : public QWidget {
    Q_OBJECT
public:
    /// What the map colours: the experts' territories (the gate's first choice, paler where
    /// it hesitates), the model's decision (predicted class, or value for regression), or
    /// one expert's own decision (as if that expert alone answered everywhere).
    enum class Mode { Experts, Decision, ExpertAlone };

    explicit TerritoryView(QWidget* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    /// The expert of Mode::ExpertAlone (0-based).
    void setSelectedExpert(int expert);
    int selectedExpert() const { return m_selectedExpert; }
    /// The MoE layer whose territory Mode::Experts shows (block mode; 0-based).
    void setLayer(int layer);
    int layer() const { return m_layer; }
    /// MoE layers the current grid has territories for (1 before the first grid).
    int layers() const;
    /// One line naming what the map shows now (mode, layer, expert), also its title.
    QString modeTitle() const;

    void setTerritory(const moe::TerritoryGrid& grid);
    void setData(const moe::Dataset& dataset);
    /// Load fraction per expert for the legend; empty to hide the percentages.
    void setExpertLoad(const std::vector<double>& load);
    void setShowDecisionBoundary(bool show);
    void setShowExpertBorders(bool show);
    void setShowPoints(bool show);

    const moe::TerritoryGrid& territory() const { return m_grid; }
    /// One pixel per grid cell; null before the first grid.
    const QImage& image() const { return m_image; }

    /// Marks the inspector's pinned input (raw features) on the map, at its projection onto
    /// the map's plane (a ring), or hides the mark.
    void setMarker(bool show, const std::vector<float>& features);
    /// The raw feature vector at a point of the map's plane (what the map shows there);
    /// empty before the first grid.
    std::vector<float> featuresAt(QPointF plane) const;
    /// Where raw features (cols values) land on the map's plane; nullopt when they cannot.
    std::optional<QPointF> planeOf(const float* features, std::size_t count) const;
    /// Widget position of a point of the plane, and back; empty/invalid before the first grid.
    QPointF planeToWidget(QPointF plane) const;
    std::optional<QPointF> widgetToPlane(QPointF widget) const;
    /// The centre of the grid cell under `widget`: a click inspects exactly the input whose
    /// colour the map shows there (a hash router's choice changes with the last bit).
    std::optional<QPointF> cellCentreAt(QPointF widget) const;
    /// The data row drawn within `radius` pixels of `widget`, nearest first, or -1.
    int rowAt(QPointF widget, double radius = 7.0) const;

    QSize sizeHint() const override { return {640, 560}; }
    QSize minimumSizeHint() const override { return {320, 260}; }

signals:
    /// A new grid arrived (experts and layers may have changed).
    void territoryChanged();
    /// The pointer is over the cell centred on `plane` (data units); `row` is the data point
    /// under it or -1.
    void pointHovered(QPointF plane, int row);
    void pointClicked(QPointF plane, int row);
    /// The pointer left the map.
    void hoverLeft();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    /// Where the plot and the legend go: the legend sits right of the map or under it,
    /// whichever leaves the larger map.
    struct Layout {
        QRectF plot;
        QRectF legend;
        bool legendBelow = false;
    };
    Layout layout() const;
    double titleHeight() const;
    /// The legends of the current grid, data and options (ui/territory/territory_legend.h).
    TerritoryLegend legend() const;
    QPointF toWidget(const QRectF& plot, double x, double y) const;
    void paintTitle(QPainter& p, const QRectF& plot) const;
    void paintAxes(QPainter& p, const QRectF& plot) const;
    void paintPoints(QPainter& p, const QRectF& plot);
    void drawPoints(QPainter& p, const QRectF& plot) const;
    /// Rebuilds the image and the contours for the mode, layer and expert.
    void rebuild();
    /// The class (or value) map the mode shows; null when the mode shows experts.
    const std::vector<int>* shownClasses() const;
    const std::vector<float>* shownValues() const;
    std::pair<float, float> valueRange() const;

    moe::TerritoryGrid m_grid;
    QImage m_image;
    QPainterPath m_decisionBoundary;  // cell units
    QPainterPath m_expertBorders;     // cell units
    moe::Dataset m_data;
    std::vector<double> m_load;
    // The data points drawn once per data set, plot size and pixel ratio, then blitted:
    // large datasets would otherwise be redrawn point by point at every update.
    QPixmap m_pointsCache;
    QRectF m_pointsCacheRect;
    moe::GridSpec m_pointsCacheSpec;
    bool m_pointsCacheValid = false;
    bool m_showBoundary = true;
    bool m_showBorders = false;
    bool m_showPoints = true;
    Mode m_mode = Mode::Experts;
    int m_selectedExpert = 0;
    int m_layer = 0;
    bool m_showMarker = false;
    std::vector<float> m_marker;  // raw features
};

}  // namespace moe::ui
