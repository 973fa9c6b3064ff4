#pragma once
// Intended usage: the Gate matrix tab. A heatmap of the test samples (rows) x experts
// (columns) whose colour is the gate probability p_e(x), grouped and sorted by a chosen key
// (GateMatrixOrder): by class, by top expert, or by confidence. Where rows are tall enough,
// a dot marks each expert the sample was sent to and a cross an assignment dropped by the
// capacity limit; the tooltip of every cell says so in words. Colours run from 0 to the
// largest probability shown, or over the full 0-1 range when "0-1 scale" is ticked. Block mode with several MoE
// layers gets a layer selector.
//
//   auto* panel = new GateMatrixPanel(controller);   // follows the controller by itself
//   tabs->addTab(panel, tr("Gate matrix"));
//
// The matrices come from the controller (at most 20 per second while training); the panel
// redraws from the latest one on a 50 ms single-shot timer.

#include "core/train/gate_matrix.h"
#include "ui/routing/gate_matrix_order.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;

namespace moe::ui {

class HeatmapView;
class LayerSelector;
class TrainingController;

class GateMatrixPanel : public QWidget {
    Q_OBJECT
public:
    explicit GateMatrixPanel(TrainingController* controller, QWidget* parent = nullptr);

    HeatmapView* view() const { return m_view; }
    QComboBox* orderBox() const { return m_orderBox; }
    QComboBox* layerBox() const;
    QCheckBox* fullScaleBox() const { return m_fullScale; }
    GateMatrixOrder::Key orderKey() const;
    void setOrderKey(GateMatrixOrder::Key key);
    /// The matrix shown (of the selected layer); empty before the first one arrives.
    const moe::GateMatrix& matrix() const { return m_matrix; }
    /// Test-split index of the sample in row `row`, or -1.
    int sampleAt(int row) const;
    /// Applies the latest matrices now instead of at the next timer tick.
    void redrawNow();

private:
    void scheduleRedraw();
    void redraw();
    QString cellDetails(int row, int col) const;

    TrainingController* m_controller;
    QLabel* m_caption = nullptr;
    QComboBox* m_orderBox = nullptr;
    QCheckBox* m_fullScale = nullptr;
    LayerSelector* m_layers = nullptr;
    HeatmapView* m_view = nullptr;
    moe::GateMatrix m_matrix;
    GateMatrixOrder m_order;
    QStringList m_classNames;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
