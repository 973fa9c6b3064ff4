#pragma once
// Intended usage: the gate's probabilities for one sample as bars, one per expert in the
// expert's ExpertPalette colour. The experts the router chose are drawn full colour with a
// dark outline and their combine weight on top; the others are pale; an assignment that
// capacity dropped is hatched and marked "dropped".
//
//   bars->setLayer(inspection.layers[0]);   // from SampleInspector::inspect()
//   bars->clear();                          // nothing selected
//
// barRect() exposes the drawn geometry so tests can check the picture against the numbers.
// Hovering a bar reports its expert (expertHovered), and setHighlightedExpert() outlines one
// bar, so the formula view and the bars can point at the same expert.

#include "core/train/sample_inspector.h"

#include <QRectF>
#include <QWidget>

namespace moe::ui {

class GateBarsView : public QWidget {
    Q_OBJECT
public:
    explicit GateBarsView(QWidget* parent = nullptr);

    void setLayer(const moe::LayerInspection& layer);
    void clear();
    bool isEmpty() const { return m_layer.gate.empty(); }
    const moe::LayerInspection& layer() const { return m_layer; }

    /// The plot area (probability 0 at its bottom, 1 at its top), widget coordinates.
    QRectF plotRect() const;
    /// The bar drawn for `expert`; empty when nothing is shown.
    QRectF barRect(int expert) const;
    /// Where the weight (or "dropped") of a chosen `expert` is written: above its bar,
    /// stacked clear of its chosen neighbours' labels; empty for an expert not chosen.
    QRectF labelRect(int expert) const;

    /// Outlines the bar of `expert` (0-based; -1: none).
    void setHighlightedExpert(int expert);
    int highlightedExpert() const { return m_highlighted; }
    /// The expert whose slot holds `pos` (widget coordinates), or -1.
    int expertAt(QPointF pos) const;

    QSize sizeHint() const override { return {320, 170}; }
    QSize minimumSizeHint() const override { return {150, 110}; }

signals:
    /// The pointer is over the slot of `expert` (-1 when it leaves the bars).
    void expertHovered(int expert);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    const moe::ExpertAnswer* answerFor(int expert) const;
    QString labelText(const moe::ExpertAnswer& a) const;

    void hover(int expert);

    moe::LayerInspection m_layer;
    int m_highlighted = -1;
    int m_hovered = -1;
};

}  // namespace moe::ui
