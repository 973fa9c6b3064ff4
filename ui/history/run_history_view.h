#pragma once
// Intended usage: the History tab. Every ended run of the session in a sortable table
// (RunHistoryModel); select two rows to overlay their learning curves - the earlier run
// solid, the later dashed - as the MoE's test loss or test score against epoch. A new run
// is compared with the one before it automatically.
//
//   auto* history = new RunHistoryView(controller);   // records runs as they end
//   tabs->addTab(history, tr("History"));
//   history->compareRuns(1, 2);

#include <QList>
#include <QString>

#include "core/train/run_record.h"

#include <array>
#include <vector>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QSortFilterProxyModel;
class QTableView;
class QValueAxis;

namespace moe::ui {

class RunHistoryModel;
class TrainingController;

class RunHistoryView : public QWidget {
    Q_OBJECT
public:
    enum Metric { TestLoss, TestScore };

    explicit RunHistoryView(TrainingController* controller, QWidget* parent = nullptr);

    RunHistoryModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* metricBox() const { return m_metric; }
    /// Selects the runs with these ids (0 for none) and overlays them.
    void compareRuns(int firstId, int secondId);
    /// Shows `runs` (a reopened session's) in place of the current ones and overlays the
    /// last two.
    void setRuns(const std::vector<moe::RunRecord>& runs);
    /// Ids of the overlaid runs, earlier first (at most two).
    QList<int> comparedIds() const { return m_compared; }
    /// The overlay's curves: [0] solid (earlier run), [1] dashed (later run).
    QList<QLineSeries*> overlaySeries() const { return {m_solid, m_dashed}; }
    /// The overlay chart, for export.
    QChartView* chartView() const { return m_chartView; }
    void redrawNow();

private:
    void onSelectionChanged();
    void fitColumns();
    void redraw();
    /// For the legend: what the compared runs' dataset and settings do not share.
    std::array<QString, 2> differences(const QList<int>& ids) const;

    RunHistoryModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_metric = nullptr;
    QLabel* m_hint = nullptr;
    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_solid = nullptr;
    QLineSeries* m_dashed = nullptr;
    QChartView* m_chartView = nullptr;
    QList<int> m_compared;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
