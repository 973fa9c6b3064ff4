#pragma once
// Intended usage: the Trace workspace's Load view - how a real model's router spreads the work
// over its experts, layer by layer: a heatmap of MoE layers x experts (the share of each
// layer's assignments, the balanced share 1/E marked on the colour bar, hot experts dotted and
// dead ones crossed) over a table of each layer's load CV, MaxVio, usage entropy, dead and hot
// experts (TraceLayerModel). A zoom box enlarges the map to scroll through at 48 x 128.
//
//   auto* view = new TraceLoadView;
//   view->setTrace(loaded);
//   HeatmapData d = TraceLoadView::loadMap(*loaded.trace, *loaded.stats);   // the report's figure

#include "ui/charts/heatmap_data.h"
#include "ui/trace/trace_loader.h"

#include <QWidget>

class QPushButton;
class QTableView;

namespace moe::ui {

class HeatmapView;
class TraceLayerModel;
class TraceZoomArea;

class TraceLoadView : public QWidget {
    Q_OBJECT
public:
    explicit TraceLoadView(QWidget* parent = nullptr);

    void setTrace(const LoadedTrace& trace);

    HeatmapView* map() const { return m_map; }
    QTableView* table() const { return m_table; }
    TraceLayerModel* model() const { return m_model; }
    TraceZoomArea* zoomArea() const { return m_zoom; }
    QPushButton* atScaleButton() const { return m_atScale; }

    /// The layer (index into TraceStats::layers) whose loads "Estimate at scale" uses: the
    /// table's selected row, else the layer with the largest MaxVio; -1 without a trace.
    int chosenLayer() const;

    /// Layers x experts, the load fractions f_i of TraceStats, 1/E as the reference.
    static HeatmapData loadMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats);

signals:
    /// "Estimate at scale" was pressed: feed layer `layer`'s measured loads to the
    /// expert-parallel estimate (the Cost tab's At scale page).
    void atScaleRequested(int layer);

private:
    HeatmapView* m_map = nullptr;
    TraceZoomArea* m_zoom = nullptr;
    QTableView* m_table = nullptr;
    TraceLayerModel* m_model = nullptr;
    QPushButton* m_atScale = nullptr;
    LoadedTrace m_trace;
};

}  // namespace moe::ui
