#pragma once
// Intended usage: the one heatmap widget of the application (utilisation over epochs,
// class specialisation, the gate probability matrix). Give it a HeatmapData; it draws the
// cells in a colour-blind-safe sequential scale (SequentialColorMap) with a colour bar and
// its numbers, the title, axis titles, row and column labels (thinned when they would
// overlap), separators between row groups, and - when cells are large enough - the value
// in each cell. Hovering outlines a cell; its tooltip gives the exact value and the names.
//
//   auto* view = new HeatmapView;
//   view->setData(data);                          // repaints at once; callers throttle
//   view->paintTo(&painter, QRectF(0, 0, 800, 500));   // export: any QPainter device
//
// paintTo() draws the full picture into any rectangle of any paint device (PNG, SVG, PDF,
// printer), measuring text on that device; QWidget::render() gives the same picture.

#include "ui/charts/heatmap_data.h"

#include <QImage>
#include <QPoint>
#include <QWidget>

#include <functional>

namespace moe::ui {

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    /// Extra tooltip lines (rich text) for a cell, after the standard ones.
    using ToolTipExtra = std::function<QString(int row, int col)>;

    explicit HeatmapView(QWidget* parent = nullptr);

    void setData(const HeatmapData& data);
    const HeatmapData& data() const { return m_data; }
    void setToolTipExtra(ToolTipExtra extra) { m_toolTipExtra = std::move(extra); }

    /// What the picture shows, for window titles and export file names.
    QString title() const { return m_data.title; }
    /// Paints the whole heatmap (title, cells, labels, colour bar) into `target`.
    void paintTo(QPainter* painter, const QRectF& target) const;

    /// The cell under `pos` (widget coordinates) as (col, row), or (-1, -1).
    QPoint cellAt(const QPointF& pos) const;
    /// Where cell (row, col) is drawn in the widget; empty if there is no such cell.
    QRectF cellRect(int row, int col) const;
    /// The tooltip of cell (row, col): row and column names, the displayed and exact value.
    QString toolTipText(int row, int col) const;
    /// The colour of `value` under the current range.
    QColor colorFor(double value) const;
    /// The cell under the mouse as (col, row), or (-1, -1).
    QPoint hoveredCell() const { return m_hover; }

    QSize sizeHint() const override { return {520, 360}; }
    QSize minimumSizeHint() const override { return {220, 150}; }

signals:
    void cellClicked(int row, int col);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Layout;
    Layout layoutFor(const QRectF& target, const QFont& font, const QPaintDevice* device) const;
    void paint(QPainter& p, const QRectF& target, QPoint hover) const;
    void paintCells(QPainter& p, const Layout& l) const;
    void paintCellText(QPainter& p, const Layout& l) const;
    void paintGroups(QPainter& p, const Layout& l) const;
    void paintRowLabels(QPainter& p, const Layout& l, int hoverRow) const;
    void paintColLabels(QPainter& p, const Layout& l, int hoverCol) const;
    void paintColorBar(QPainter& p, const Layout& l) const;
    void paintHover(QPainter& p, const Layout& l, QPoint hover) const;
    void rebuildImage();

    HeatmapData m_data;
    std::pair<double, double> m_range{0.0, 1.0};
    QImage m_image;  // one pixel per cell, for matrices too large to draw cell by cell
    ToolTipExtra m_toolTipExtra;
    QPoint m_hover{-1, -1};
};

}  // namespace moe::ui
