#pragma once
// Intended usage: the territory map's legends, which TerritoryView paints beside or under
// the map: the experts (colour, name, share of the routed test inputs), the key (the gate
// confidence ramp, the classes or the target's scale, the decision boundary) and, in the
// decision modes, the predicted classes or value. It also measures its entries, so the view
// can choose where the legend goes. Made afresh for each paint from the view's state; it
// keeps references, so it must not outlive the values it was given.
//
//   const TerritoryLegend legend(font(), m_grid.experts, m_load, m_data, boundaryShown);
//   legend.paintExperts(p, area, legend.expertColumns(area.width()));
//   legend.paintKey(p, keyArea);

#include "core/data/dataset.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QPen>

#include <utility>
#include <vector>

class QPainter;
class QRectF;

namespace moe::ui {

class TerritoryLegend {
    // The map's own context, so the legend's texts translate with the map's.
    Q_DECLARE_TR_FUNCTIONS(moe::ui::TerritoryView)

public:
    /// The class legend's column width and how many columns fit in a width.
    struct ClassColumns {
        double width = 0.0;
        int fit = 1;
    };

    /// `experts`: the grid's experts (at least one is listed); `load`: each expert's share,
    /// empty to leave the shares out; `boundary`: the decision boundary is drawn on the map.
    TerritoryLegend(const QFont& font, int experts, const std::vector<double>& load, const moe::Dataset& data,
                    bool boundary);

    /// Height of one legend row.
    double rowHeight() const;
    /// Width of one expert entry with its name ("Expert 8  15%"), and with its number only.
    double fullExpertEntry() const;
    double compactExpertEntry() const;
    int expertColumns(double width) const;
    ClassColumns classColumns(double width) const;

    /// The experts in `columns` columns, under a heading; what does not fit is counted.
    void paintExperts(QPainter& p, const QRectF& area, int columns) const;
    /// Gate confidence, then the classes (or the target's scale) and the decision boundary.
    void paintKey(QPainter& p, const QRectF& area) const;
    /// The decision modes: the predicted classes, or the predicted value on `valueRange`;
    /// `aloneExpert` >= 0 heads it with the expert that answers alone.
    void paintDecision(QPainter& p, const QRectF& area, int aloneExpert, std::pair<float, float> valueRange) const;

    /// The colours and the boundary pen the map and its legends share.
    static inline const QColor kText{0x22, 0x22, 0x22};
    static inline const QColor kMuted{0x66, 0x66, 0x66};
    static inline const QColor kFrame{0x8A, 0x8A, 0x8A};
    static QPen boundaryPen();

private:
    QFont boldFont() const;

    QFont m_font;
    int m_experts = 1;
    const std::vector<double>& m_load;
    const moe::Dataset& m_data;
    bool m_boundary = false;
};

}  // namespace moe::ui
