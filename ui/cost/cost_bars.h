#pragma once
// Intended usage: FLOPs per input of the three models as horizontal bars on one scale,
// the MoE's split into gate, experts and combine, with the saving against the dense
// model of equal parameters written next to it. Neutral tones: no expert colour here.
//
//   bars->setCost(controller->cost());

#include "core/cost/cost_report.h"

#include <QColor>
#include <QList>
#include <QPoint>
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
    /// The key of the MoE's parts wraps into rows when the widget is narrow (1024 px window).
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct KeyEntry {
        QString name;
        QColor color;
        QPoint at;  // top left of the swatch's row
    };
    /// Where each entry of the key goes at `width`: one row when it fits, else as many as needed.
    QList<KeyEntry> keyLayout(int width) const;
    int labelWidth() const;

    moe::CostReport m_cost;
    bool m_has = false;
};

}  // namespace moe::ui
