#pragma once
// Intended usage: the figures of a run report, drawn by the very view classes of the window
// (learning curves, territory map, routing heatmaps, cost bars, Pareto view, the At scale
// page's bars, placement grid and rank loads), each created
// hidden at a fixed size from the report's values and rendered to an image at kScale; the
// report's own heading names a figure, so the images carry no title band. Needs a
// QApplication. RunReport places the figures into its sections.
//
//   const ReportFigures figures(input);
//   for (qsizetype i = 0; i < figures.figures().size(); ++i)
//       if (figures.sections()[i] == ReportFigures::Section::Routing) ...

#include "ui/training/report_input.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

class QWidget;

namespace moe::ui {

class ReportFigures {
public:
    struct Figure {
        QString title;
        QString explanation;  ///< HTML, written here (no data in it)
        QImage image;         ///< rendered at kScale x the figure's size
        QSize size;           ///< the figure's size on the page, in CSS pixels
    };
    /// The part of the report a figure belongs to.
    enum class Section { Learning, Territory, Routing, Cost, Pareto, AtScale, Trace };
    static constexpr double kScale = 2.0;
    /// Figures are drawn this wide, in CSS pixels.
    static constexpr int kWidth = 660;

    explicit ReportFigures(const ReportInput& in);

    const QList<Figure>& figures() const { return m_figures; }
    /// The section of each figure, in the order of figures().
    const QList<Section>& sections() const { return m_sections; }

private:
    /// Renders `view` (taking it) at `size` and adds it.
    void add(QWidget* view, QSize size, Section section, const QString& title, const QString& explanation);
    /// The At scale page's views, when the report has it.
    void addAtScale(const AtScaleInput& in);
    /// The load map, a co-activation matrix and the consistency chart of the trace in `in`.
    void addTraceFigures(const ReportInput& in);

    QList<Figure> m_figures;
    QList<Section> m_sections;
};

}  // namespace moe::ui
