#pragma once
// Intended usage: each rank's share of the routed work in one MoE layer, as a bar made of
// its experts' loads in their own colours, against the even share 1/R (dashed). The rank
// that finishes last, which sets the step time, is outlined.
//
//   loads->setEstimate(figures.ep.value());

#include "core/scale/expert_parallel.h"

#include <QWidget>

namespace moe::ui {

class RankLoadView : public QWidget {
    Q_OBJECT
public:
    explicit RankLoadView(QWidget* parent = nullptr);

    void setEstimate(const moe::ExpertParallelEstimate& ep);
    void clear();
    const moe::ExpertParallelEstimate& estimate() const { return m_ep; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    moe::ExpertParallelEstimate m_ep;
    bool m_has = false;
};

}  // namespace moe::ui
