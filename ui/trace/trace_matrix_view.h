#pragma once
// Intended usage: the Trace workspace's two per-layer matrices over the experts, one class
// with two kinds:
//  - CoActivation: for the chosen MoE layer, how often two experts are chosen for the same
//    token, normalised to c_ab / sqrt(n_a n_b) (1 = always together), in expert order or in
//    the clustering order of core/trace/coactivation_order.h, with the strongest pairs listed;
//  - Specialisation: for the chosen layer, each token label's share of assignments per expert
//    (rows sum to 1) and I(label; expert) / H(label); without labels a note says what to record.
// The numbers are TraceStats', the ones `moe trace-stats` prints.
//
//   auto* view = new TraceMatrixView(TraceMatrixView::Kind::CoActivation);
//   view->setTrace(loaded);
//   view->setLayer(5);                 // index into meta.moe_layers
//   view->setClustered(true);

#include "ui/charts/heatmap_data.h"
#include "ui/trace/trace_loader.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;

namespace moe::ui {

class HeatmapView;
class TraceZoomArea;

class TraceMatrixView : public QWidget {
    Q_OBJECT
public:
    enum class Kind { CoActivation, Specialisation };

    explicit TraceMatrixView(Kind kind, QWidget* parent = nullptr);

    void setTrace(const LoadedTrace& trace);
    void setLayer(int layer);
    int layer() const;
    /// Co-activation: the clustering order (true) or expert order; specialisation: experts
    /// grouped by the label they serve most (true) or in expert order.
    void setClustered(bool clustered);
    bool clustered() const;

    Kind kind() const { return m_kind; }
    HeatmapView* map() const { return m_map; }
    QSpinBox* layerBox() const { return m_layer; }
    QComboBox* orderBox() const { return m_order; }
    TraceZoomArea* zoomArea() const { return m_zoom; }
    /// The experts in the order drawn (0-based ids).
    const std::vector<int>& order() const { return m_expertOrder; }
    /// The line under the controls: the strongest pairs, the NMI, or why there is no matrix.
    QString noteText() const;

    /// E x E, the normalised co-activation of layer `layer`, its diagonal left blank.
    static HeatmapData coActivationMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats, int layer,
                                       const std::vector<int>& order);
    /// Labels x E, the label x expert shares of layer `layer`.
    static HeatmapData specialisationMap(const moe::RoutingTrace& trace, const moe::TraceStats& stats, int layer,
                                         const std::vector<int>& order);
    /// The order of `kind` for `layer`: expert order, or the clustering / by-label order.
    static std::vector<int> expertOrder(Kind kind, const moe::RoutingTrace& trace, const moe::TraceStats& stats,
                                        int layer, bool clustered);

private:
    void refresh();

    Kind m_kind;
    LoadedTrace m_trace;
    std::vector<int> m_expertOrder;
    QSpinBox* m_layer = nullptr;
    QComboBox* m_order = nullptr;
    QLabel* m_note = nullptr;
    HeatmapView* m_map = nullptr;
    TraceZoomArea* m_zoom = nullptr;
};

}  // namespace moe::ui
