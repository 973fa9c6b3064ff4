#pragma once
// Intended usage: what a HeatmapView shows, as a plain value: a rows x cols table of
// doubles with its names, titles, units and colour range. Build one, hand it over:
//
//   HeatmapData d;
//   d.rows = experts; d.cols = epochs;
//   d.values.assign(rows * cols, 0.0);            // row-major; NaN = no value
//   d.rowLabels = {"Expert 1", ...}; d.rowColors = {ExpertPalette::color(0), ...};
//   d.title = "Load per expert"; d.rowTitle = "Expert"; d.colTitle = "Epoch";
//   d.valueTitle = "Load"; d.displayScale = 100; d.unit = "%"; d.low = 0.0;
//   view->setData(d);
//
// The colour range runs from `low` to `high`; an unset end follows the data (its minimum
// or maximum finite value). Values are shown as value * displayScale with `decimals`
// decimals and the unit; tooltips add the stored value itself.

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace moe::ui {

struct HeatmapData {
    /// A run of consecutive rows shown as one group: separators between groups, the name
    /// beside the rows when there are no row labels.
    struct Group {
        int first = 0;
        int count = 0;
        QString name;
        QColor color;                   ///< optional swatch beside the name
    };
    /// A marker drawn in a cell when cells are large enough to hold one.
    enum Mark : unsigned char { NoMark = 0, Dot = 1, Cross = 2 };

    int rows = 0;
    int cols = 0;
    std::vector<double> values;         ///< rows x cols, row-major; NaN = no value
    QStringList rowLabels;              ///< rows entries, or empty for none
    QStringList colLabels;              ///< cols entries, or empty for none
    QStringList colShortLabels;         ///< cols entries used when colLabels do not fit, or empty
    QList<QColor> rowColors;            ///< swatches beside the row labels, or empty
    QList<QColor> colColors;            ///< swatches beside the column labels, or empty
    QList<Group> rowGroups;             ///< consecutive, in row order; empty for none
    std::vector<unsigned char> marks;   ///< rows x cols Mark values, or empty for none
    QString marksNote;                  ///< what the marks mean; added to the subtitle when they show
    QString title;                      ///< bold, above the cells
    QString subtitle;                   ///< one muted line under the title
    QString rowTitle;                   ///< the vertical axis, e.g. "Expert"
    QString colTitle;                   ///< the horizontal axis, e.g. "Epoch"
    QString valueTitle;                 ///< the colour bar, e.g. "Load fraction"
    QString emptyText;                  ///< shown instead of the cells when there is no data
    std::optional<double> low;          ///< colour range; unset = data minimum
    std::optional<double> high;         ///< unset = data maximum
    double displayScale = 1.0;          ///< 100 to show fractions as percentages
    QString unit;                       ///< appended to displayed values, e.g. "%"
    int decimals = 2;
    bool cellValues = true;             ///< write values into cells that are large enough
    std::optional<double> reference;    ///< a value marked by a line across the colour bar (a balanced share)

    bool isEmpty() const { return rows <= 0 || cols <= 0; }
    double value(int row, int col) const {
        return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(col)];
    }
    unsigned char mark(int row, int col) const {
        return marks.empty() ? static_cast<unsigned char>(NoMark)
                             : marks[static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) +
                                     static_cast<std::size_t>(col)];
    }
    /// The colour range actually used: {low, high} with high > low (a flat range is widened).
    std::pair<double, double> range() const;
    /// value * displayScale with `decimals` decimals and the unit; "–" for NaN.
    QString format(double value) const;
    /// The group holding `row`, or nullptr.
    const Group* groupOf(int row) const;
};

}  // namespace moe::ui
