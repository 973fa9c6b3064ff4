#pragma once
// Intended usage: the Cost tab. What the sparsity buys, counted and measured: FLOPs per
// input of the MoE (gate, experts, combine apart) against both dense baselines, active
// against total parameters, inference latency and throughput measured on this machine,
// the compute saved over every prediction the session has made, and the Pareto view of
// accuracy against FLOPs as top-k varies at inference.
//
//   auto* dashboard = new CostDashboard(controller);   // follows the controller's signals
//   tabs->addTab(dashboard, tr("Cost"));
//
// Everything it shows comes from the controller's values (cost report, top-k sweep,
// latency, savings tally, last snapshot); a 50 ms timer batches the redraws.

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace moe::ui {

class CostTableModel;
class LatencyTableModel;
class ParetoView;
class TrainingController;

class CostDashboard : public QWidget {
    Q_OBJECT
public:
    explicit CostDashboard(TrainingController* controller, QWidget* parent = nullptr);

    CostTableModel* costModel() const { return m_costModel; }
    LatencyTableModel* latencyModel() const { return m_latencyModel; }
    ParetoView* pareto() const { return m_pareto; }
    QString summaryText() const;
    QString savingsText() const;
    /// Applies pending changes now instead of at the next timer tick.
    void redrawNow();

private:
    void schedule();
    void redraw();
    void reset();

    TrainingController* m_controller;
    QLabel* m_summary = nullptr;
    QLabel* m_savings = nullptr;
    QLabel* m_latencyNote = nullptr;
    ParetoView* m_pareto = nullptr;
    CostTableModel* m_costModel = nullptr;
    LatencyTableModel* m_latencyModel = nullptr;
    QTableView* m_costTable = nullptr;
    QTableView* m_latencyTable = nullptr;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
