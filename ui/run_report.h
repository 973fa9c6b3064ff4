#pragma once
// Intended usage: the report of one run, for a reader who may never have met a Mixture of
// Experts: the dataset, the configuration, the MoE against both dense baselines, the
// routing, the figures (learning curves, expert territory, cost) each with a short
// plain-language explanation, and the person's notes. Saved as one self-contained HTML
// file (figures embedded as base64 PNG) or as a PDF (QTextDocument on QPdfWriter).
//
//   RunReport report(input);                   // renders the figures (needs a QApplication)
//   QString error;
//   if (!report.write("run.html", &error)) ...  // or run.pdf; atomic, message names the file
//
// The figures are drawn by the very view classes of the window, created hidden at a fixed
// size, so the report looks like the screen whichever way it is made. Every string that
// comes from data (file, column and class names, notes) is HTML-escaped.

#include "ui/report_input.h"

#include <QImage>
#include <QList>
#include <QString>

class QTextDocument;

namespace moe::ui {

class RunReport {
public:
    struct Figure {
        QString title;
        QString explanation;  ///< HTML, written here (no data in it)
        QImage image;         ///< rendered at kScale x the figure's size
        QSize size;           ///< the figure's size on the page, in CSS pixels
    };
    static constexpr double kScale = 2.0;

    explicit RunReport(ReportInput input);

    const QList<Figure>& figures() const { return m_figures; }

    /// The whole report as HTML. `embedded`: figures as data: URLs (a self-contained file);
    /// otherwise as "figure-N.png" names that toDocument() registers as resources.
    QString html(bool embedded = true) const;
    /// A document ready to print, figures included.
    void fillDocument(QTextDocument& document) const;

    bool writeHtml(const QString& path, QString* error) const;
    bool writePdf(const QString& path, QString* error) const;
    /// By the suffix: .html / .htm or .pdf.
    bool write(const QString& path, QString* error) const;

private:
    void renderFigures();
    QString summaryHtml() const;
    QString datasetHtml() const;
    QString configHtml() const;
    QString resultsHtml() const;
    QString routingHtml() const;
    QString figureHtml(qsizetype index, bool embedded) const;

    ReportInput m_in;
    QList<Figure> m_figures;
};

}  // namespace moe::ui
