#pragma once
// Intended usage: what sparsity buys - the saving in FLOPs per input against the dense
// model with equal parameters, the FLOPs bars, and the full table (parameters total and
// used per input; FLOPs split into gate, experts, combine) for the three models.
//
//   panel->setCost(controller->cost());

#include "core/cost/cost_report.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace moe::ui {

class CostBars;
class CostTableModel;

class CostPanel : public QWidget {
    Q_OBJECT
public:
    explicit CostPanel(QWidget* parent = nullptr);

    void setCost(const moe::CostReport& cost);
    void clear();
    CostTableModel* model() const { return m_model; }
    QString savingText() const;

private:
    QLabel* m_saving = nullptr;
    CostBars* m_bars = nullptr;
    CostTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
};

}  // namespace moe::ui
