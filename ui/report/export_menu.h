#pragma once
// Intended usage: gives a view the export entries of its context menu - Export as PNG,
// SVG or PDF, Copy image - with one line where the view is built:
//
//   installExportMenu(curvesView, tr("Learning curves"));                   // title added
//   installExportMenu(territoryView, tr("Expert territory"), FigureExporter::ViewHasTitle);
//
// and the window's File > Export view... (ExportMenu::exportViewAction) exports whichever
// visible view was used last. The ExportMenu lives as a child of its view, so it goes
// when the view goes; the file writing itself is FigureExporter's.

#include "ui/report/figure_exporter.h"

#include <QList>
#include <QObject>
#include <QString>

class QAction;
class QMenu;

namespace moe::ui {

class ExportMenu : public QObject {
    Q_OBJECT
public:
    ExportMenu(QWidget* view, QString title, FigureExporter::TitleMode mode);

    QWidget* view() const;
    QString title() const { return m_title; }
    FigureExporter exporter() const;

    QAction* pngAction() const { return m_png; }
    QAction* svgAction() const { return m_svg; }
    QAction* pdfAction() const { return m_pdf; }
    QAction* copyAction() const { return m_copy; }
    /// The four actions, in menu order.
    QList<QAction*> actions() const { return {m_png, m_svg, m_pdf, m_copy}; }

    /// Asks for a file name (and for PNG a resolution), writes, and reports a failure in a
    /// message box. `format` preselects the file type.
    void exportInteractively(FigureExporter::Format format);

    /// Every export-enabled view under `root`.
    static QList<ExportMenu*> all(const QWidget* root);
    /// The visible view of `root` the user clicked or focused last (or the first visible).
    static ExportMenu* current(const QWidget* root);
    /// File > Export view...: exports current(window), letting the user pick another view.
    static QAction* exportViewAction(QWidget* window);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void watch(QWidget* widget);
    void showMenu(const QPoint& globalPos);
    bool ownedByInnerView(QObject* watched) const;

    QWidget* m_view;
    QString m_title;
    FigureExporter::TitleMode m_mode;
    QAction* m_png = nullptr;
    QAction* m_svg = nullptr;
    QAction* m_pdf = nullptr;
    QAction* m_copy = nullptr;
    quint64 m_lastUse = 0;
};

/// The one line each view needs; returns the installed menu (owned by `view`).
ExportMenu* installExportMenu(QWidget* view, const QString& title,
                              FigureExporter::TitleMode mode = FigureExporter::AddTitle);

}  // namespace moe::ui
