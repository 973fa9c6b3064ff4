#pragma once
// Intended usage: what sparsity buys, at a glance - the saving in FLOPs per input against
// the dense model with equal parameters and the FLOPs bars of the three models. The full
// table, the measured latency and the Pareto view are in the Cost tab (CostDashboard);
// model() holds the numbers the saving is computed from.
//
//   panel->setCost(controller->cost());

#include "core/cost/cost_report.h"

#include <QWidget>

class QLabel;

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
    /// As tall as the wrapped text and bars need at the panel's width (the splitter it sits
    /// in asks only this, and squeezed the key under the text below it in a narrow column).
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QLabel* m_saving = nullptr;
    CostBars* m_bars = nullptr;
    CostTableModel* m_model = nullptr;
};

}  // namespace moe::ui
