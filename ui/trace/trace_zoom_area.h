#pragma once
// Intended usage: a scroll area that shows one view at the area's size ("Fit") or at a
// multiple of it, so a 48 x 128 load map or a 128 x 128 co-activation matrix can be read
// cell by cell at 1280x800: zoomed in, the view keeps its own labels and is scrolled. The
// zoom box (zoomBox()) goes wherever its view's controls are.
//
//   auto* area = new TraceZoomArea(heatmap, QStringLiteral("traceLoadZoom"));
//   controls->addWidget(area->zoomBox());
//   layout->addWidget(area, 1);

#include <QScrollArea>

class QComboBox;

namespace moe::ui {

class TraceZoomArea : public QScrollArea {
    Q_OBJECT
public:
    /// Takes `view`; `boxName` is the zoom box's object name (its What's This key).
    TraceZoomArea(QWidget* view, const QString& boxName, QWidget* parent = nullptr);

    QComboBox* zoomBox() const { return m_box; }
    /// 1 = fit the area; 2, 4 = twice, four times the area in both directions.
    double zoom() const { return m_zoom; }
    void setZoom(double zoom);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitView();

    QWidget* m_view = nullptr;
    QComboBox* m_box = nullptr;
    double m_zoom = 1.0;
};

}  // namespace moe::ui
