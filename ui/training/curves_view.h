#pragma once
// Intended usage: the learning curves of the MoE and both dense baselines, per epoch:
// train (dashed), validation (dotted) and test loss on top, test accuracy (classification)
// or test R² (regression) below. On the loss chart a ring marks the epoch each model keeps
// (its lowest validation loss so far, once it is not the last epoch) and a triangle the
// epoch a model diverged. The legend names the models and the dashes; a key under the loss
// chart names the dots, rings and triangles, each only when there is one to see. setHistory() only copies the new epochs' metrics (a few numbers each, so a long
// run costs nothing per update); a short timer redraws with QXYSeries::replace(), so
// however fast epochs arrive the charts redraw at most ~20 Hz.
//
//   connect(controller, &TrainingController::historyChanged, view,
//           [=] { view->setHistory(controller->history(), task, controller->epochsPlanned()); });

#include "core/data/dataset.h"
#include "core/train/snapshot.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <array>
#include <vector>

class QChart;
class QLabel;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
class QXYSeries;

namespace moe::ui {

class CurvesView : public QWidget {
    Q_OBJECT
public:
    explicit CurvesView(QWidget* parent = nullptr);

    void setHistory(const QList<moe::EpochSnapshot>& history, moe::Task task, int epochsPlanned);
    /// Applies a pending setHistory() now instead of at the next timer tick.
    void redrawNow();

    /// Number of points of the MoE's test-loss curve (what the user sees growing).
    qsizetype pointCount() const;
    QList<QXYSeries*> series() const;
    /// The validation-loss curves, MoE first (empty without a validation split).
    QList<QXYSeries*> validationSeries() const;
    /// One point per model whose kept epoch is not the last: (epoch, its validation loss).
    QScatterSeries* keptEpochMarkers() const { return m_kept; }
    /// One point per model that diverged: (the epoch it diverged in, its last finite loss).
    QScatterSeries* divergenceMarkers() const { return m_diverged; }
    /// The key under the loss chart ("dotted: validation · ○ kept epoch · ▲ diverged").
    QLabel* markerKey() const { return m_key; }
    /// The models' legend as wrapping text under the loss chart, shown instead of the chart's
    /// own legend when that does not fit in one row (QLegend elides, it does not wrap).
    QLabel* narrowLegend() const { return m_narrowLegend; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitScoreTicks();
    enum Model { Moe, DenseParams, DenseCompute, ModelCount };
    struct ModelSeries {
        QLineSeries* trainLoss = nullptr;
        QLineSeries* testLoss = nullptr;
        QLineSeries* validationLoss = nullptr;
        QLineSeries* score = nullptr;
    };

    QChartView* makeChartView(QChart* chart);
    void redraw();
    void redrawMarkers();
    void fitLegend();
    void fitScoreTitle();

    QChart* m_lossChart = nullptr;
    QChart* m_scoreChart = nullptr;
    QValueAxis* m_lossX = nullptr;
    QValueAxis* m_lossY = nullptr;
    QValueAxis* m_scoreX = nullptr;
    QValueAxis* m_scoreY = nullptr;
    std::array<ModelSeries, ModelCount> m_series{};
    QScatterSeries* m_kept = nullptr;
    QScatterSeries* m_diverged = nullptr;
    QLabel* m_key = nullptr;
    QChartView* m_lossView = nullptr;
    QChartView* m_scoreView = nullptr;
    QLabel* m_narrowLegend = nullptr;

    /// The metrics the curves plot, one row per epoch of the history given.
    struct EpochRow {
        int epoch = 0;
        std::array<moe::ModelMetrics, ModelCount> models{};
    };
    std::vector<EpochRow> m_rows;
    static bool sameRow(const EpochRow& row, const moe::EpochSnapshot& s);
    moe::Task m_task = moe::Task::Classification;
    int m_epochsPlanned = 1;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
