#pragma once
// Intended usage: the gate inspector. Point at an input - a data row, or any point of the
// territory map's plane - and it shows what the MoE does with it: the gate's probabilities
// over the experts as bars (chosen experts highlighted, dropped ones marked), each chosen
// expert's own prediction, the combined prediction and the true label.
//
//   panel->setData(controller->data());
//   connect(controller, &TrainingController::inspectorChanged, panel,
//           [=] { panel->setInspector(controller->inspector()); });
//   panel->previewRow(row);     // hover: shown until the pointer leaves (endPreview())
//   panel->pinRow(row);         // click: stays, and follows the training live
//
// The numbers come from a SampleInspector, a copy of the latest model the training worker
// hands over (never the model being trained). They are recomputed at most 20 times a
// second: when a new model copy arrives, and when the selection changes.

#include "core/data/dataset.h"
#include "core/train/sample_inspector.h"

#include <QElapsedTimer>
#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QSpinBox;
class QToolButton;

namespace moe::ui {

class GateBarsView;

class GateInspectorPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 50;  // <= 20 recomputations a second

    explicit GateInspectorPanel(QWidget* parent = nullptr);

    /// The dataset the views show (raw units): rows, labels and names. Clears the selection.
    void setData(const moe::Dataset& dataset);
    /// The latest model copy; null when there is no model. Recomputes the shown sample.
    void setInspector(std::shared_ptr<moe::SampleInspector> inspector);

    /// Hover: show `row` of the data (or a point of the plane) until endPreview().
    void previewRow(int row);
    void previewPoint(QPointF plane, const std::vector<float>& features);
    void endPreview();
    /// Click: keep showing `row` (or a point of the plane, with the raw features the map
    /// shows there) until unpin().
    void pinRow(int row);
    void pinPoint(QPointF plane, const std::vector<float>& features);
    void unpin();

    /// The MoE layer shown (0-based).
    void setLayer(int layer);
    int layer() const;

    bool hasSample() const { return m_hasInspection; }
    bool isPinned() const { return m_pinned.kind != Target::None; }
    bool isPreviewing() const { return m_preview.kind != Target::None; }
    /// The raw features of the input shown (empty when none).
    const std::vector<float>& shownFeatures() const { return m_inspection.features; }
    /// What the panel shows now (valid when hasSample()).
    const moe::SampleInspection& inspection() const { return m_inspection; }
    GateBarsView* bars() const { return m_bars; }
    QString headerText() const;
    QString predictionsText() const;
    QString contextText() const;
    /// Computes a pending update at once instead of waiting for the throttle.
    void refreshNow();
    /// The model copy the panel inspects with (null when there is none).
    const std::shared_ptr<moe::SampleInspector>& inspector() const { return m_inspector; }

signals:
    /// The pinned input changed (or was unpinned): its raw features, to mark it on a map.
    void pinnedChanged(bool pinned, const std::vector<float>& features);
    /// The shown input was recomputed (a new model copy or a new selection; <= 20 Hz), or
    /// there is none any more: the formula view follows it.
    void inspectionUpdated();

private:
    struct Target {
        enum Kind { None, Row, Point } kind = None;
        int row = -1;
        QPointF point;                 ///< Point: where on the map's plane
        std::vector<float> features;   ///< Point: the raw features the map shows there
    };
    const Target& shown() const { return m_preview.kind != Target::None ? m_preview : m_pinned; }
    void schedule();
    void recompute();
    void render();
    void emitPinned();
    QString describeTarget(const Target& t) const;
    std::vector<float> featuresOf(const Target& t) const;
    QString labelText(int row) const;
    QString predictionText(const std::vector<float>& probabilities, float value) const;

    moe::Dataset m_data;
    std::shared_ptr<moe::SampleInspector> m_inspector;
    Target m_pinned;
    Target m_preview;
    moe::SampleInspection m_inspection;
    bool m_hasInspection = false;
    QString m_error;
    QTimer m_timer;
    QElapsedTimer m_lastCompute;

    QLabel* m_header = nullptr;
    QSpinBox* m_layer = nullptr;
    QLabel* m_layerLabel = nullptr;
    QToolButton* m_unpin = nullptr;
    GateBarsView* m_bars = nullptr;
    QLabel* m_predictions = nullptr;
    QLabel* m_context = nullptr;
};

}  // namespace moe::ui
