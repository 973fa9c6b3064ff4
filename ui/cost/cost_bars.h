#pragma once
// Intended usage: FLOPs per input of the three models as horizontal bars on one scale,
// the MoE's split into gate, experts and combine, with the saving against the dense
// model of equal parameters written next to it. Neutral tones: no expert colour here.
//
//   bars->setCost(controller->cost());

#include "core/cost/cost_report.h"

#include <QWidget>

namespace moe::ui {

class CostBars : public QWidget {
    Q_OBJECT
public:
    explicit CostBars(QWidget* parent = nullptr);

    void setCost(const moe::CostReport& cost);
    void clear();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    moe::CostReport m_cost;
    bool m_has = false;
};

}  // namespace moe::ui
