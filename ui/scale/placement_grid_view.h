#pragma once
// Intended usage: where the routed experts sit when they are spread over ranks (expert
// parallelism) - a grid of ranks (rows) by experts (columns), a cell filled in the expert's
// own colour where the expert lives, deeper the more of the routing it takes. Contiguous
// placement reads as a staircase, round-robin as stripes, balanced as a scatter.
//
//   grid->setEstimate(figures.ep.value());   // rankOfExpert and expertLoad of core's estimate

#include "core/scale/expert_parallel.h"

#include <QWidget>

namespace moe::ui {

class PlacementGridView : public QWidget {
    Q_OBJECT
public:
    explicit PlacementGridView(QWidget* parent = nullptr);

    void setEstimate(const moe::ExpertParallelEstimate& ep);
    void clear();
    const moe::ExpertParallelEstimate& estimate() const { return m_ep; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int leftMargin() const;
    int topMargin() const;
    double cellHeight(int width) const;

    moe::ExpertParallelEstimate m_ep;
    bool m_has = false;
};

}  // namespace moe::ui
