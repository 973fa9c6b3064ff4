#pragma once
// Intended usage: the Utilization tab. How the router spreads the work, epoch by epoch,
// measured on the test split: a heatmap of experts x epochs (each expert's share of the
// assignments), a heatmap of experts x classes (which expert each class goes to, with the
// normalised mutual information I(class; expert) / H(class) in its title), and line charts
// of the load CV, the usage entropy and the dropped share against the epoch. A one-line
// warning appears when an expert is dead or the load collapses (RoutingHealth), saying what
// to try. Block mode with several MoE layers gets a layer selector.
//
//   auto* panel = new UtilizationPanel(controller);   // follows the controller by itself
//   tabs->addTab(panel, tr("Utilization"));
//
// It redraws from the controller's latest history on a 50 ms single-shot timer, so however
// fast epochs arrive it redraws at most 20 times a second.

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace moe::ui {

class HeatmapView;
class LayerSelector;
class TrainingController;

class UtilizationPanel : public QWidget {
    Q_OBJECT
public:
    explicit UtilizationPanel(TrainingController* controller, QWidget* parent = nullptr);

    HeatmapView* loadMap() const { return m_loadMap; }
    HeatmapView* classMap() const { return m_classMap; }
    QChartView* chartView() const { return m_chartView; }
    QLineSeries* loadCvSeries() const { return m_cv; }
    QLineSeries* entropySeries() const { return m_entropy; }
    QLineSeries* droppedSeries() const { return m_dropped; }
    QLabel* warning() const { return m_warning; }
    QComboBox* layerBox() const;
    /// The MoE layer shown (0-based).
    int layer() const;
    /// The epoch of column `col` of the load map (long runs are thinned).
    int epochAt(int col) const;
    /// Applies the latest history now instead of at the next timer tick.
    void redrawNow();

private:
    void scheduleRedraw();
    void redraw();
    void drawLoadMap(int layer);
    void drawClassMap(int layer);
    void drawCharts(int layer);
    void drawWarning(int layer);

    TrainingController* m_controller;
    QLabel* m_caption = nullptr;
    LayerSelector* m_layers = nullptr;
    QLabel* m_warning = nullptr;
    HeatmapView* m_loadMap = nullptr;
    HeatmapView* m_classMap = nullptr;
    QChart* m_chart = nullptr;
    QChartView* m_chartView = nullptr;
    QLabel* m_chartLegend = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_cv = nullptr;
    QLineSeries* m_entropy = nullptr;
    QLineSeries* m_dropped = nullptr;
    std::vector<int> m_columnEpochs;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
