#pragma once
// Intended usage: the learning curves of the MoE and both dense baselines, per epoch:
// train and test loss on top, test accuracy (classification) or test R² (regression)
// below. setHistory() only copies the new epochs' metrics (a few numbers each, so a long
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
class QChartView;
class QLineSeries;
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

private:
    enum Model { Moe, DenseParams, DenseCompute, ModelCount };
    struct ModelSeries {
        QLineSeries* trainLoss = nullptr;
        QLineSeries* testLoss = nullptr;
        QLineSeries* score = nullptr;
    };

    QChartView* makeChartView(QChart* chart);
    void redraw();

    QChart* m_lossChart = nullptr;
    QChart* m_scoreChart = nullptr;
    QValueAxis* m_lossX = nullptr;
    QValueAxis* m_lossY = nullptr;
    QValueAxis* m_scoreX = nullptr;
    QValueAxis* m_scoreY = nullptr;
    std::array<ModelSeries, ModelCount> m_series{};

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
