#pragma once
// Intended usage: the report of one run, for a reader who may never have met a Mixture of
// Experts: the dataset and where it came from, the configuration, the MoE against both
// dense baselines, the routing (load over training, specialisation, the gate's
// probabilities, and a warning when the routing is unhealthy), the cost (FLOPs split,
// parameters, measured latency, accuracy against FLOPs as top-k varies), a routing trace when
// one is open in the window (its per-layer balance, load map, co-activation and consistency), each figure with a
// short plain-language explanation, and the person's notes. Saved as one self-contained
// HTML file (figures embedded as base64 PNG) or as an A4 PDF (QTextDocument laid out by
// PagedDocument: sections kept on one page where they fit, page numbers at the foot).
//
//   RunReport report(input);                   // renders the figures (needs a QApplication)
//   QString error;
//   if (!report.write("run.html", &error)) ...  // or run.pdf; atomic, message names the file
//
// The figures are drawn by the very view classes of the window, created hidden at a fixed
// size, so the report looks like the screen whichever way it is made. Every string that
// comes from data (file, column and class names, notes) is HTML-escaped.

#include "ui/report/report_figures.h"
#include "ui/training/report_input.h"

#include <QImage>
#include <QList>
#include <QString>

class QTextDocument;

namespace moe::ui {

class RunReport {
public:
    using Figure = ReportFigures::Figure;
    static constexpr double kScale = ReportFigures::kScale;

    explicit RunReport(ReportInput input);

    const QList<Figure>& figures() const { return m_figures.figures(); }

    /// The whole report as HTML. `embedded`: figures as data: URLs (a self-contained file);
    /// otherwise as "figure-N.png" names that fillDocument() registers as resources.
    QString html(bool embedded = true) const;
    /// A document ready to print, figures included.
    void fillDocument(QTextDocument& document) const;

    bool writeHtml(const QString& path, QString* error) const;
    bool writePdf(const QString& path, QString* error) const;
    /// By the suffix: .html / .htm or .pdf.
    bool write(const QString& path, QString* error) const;

private:
    using Section = ReportFigures::Section;

    QString summaryHtml() const;
    /// Which epoch each model's scores are of ("the MoE's of epoch 87, the lowest validation loss; ...").
    QString keptEpochsSentence() const;
    QString datasetHtml() const;
    QString originHtml() const;
    QString configHtml() const;
    QString resultsHtml() const;
    QString routingHtml() const;
    QString healthHtml() const;
    QString costTablesHtml() const;
    QString paretoTableHtml() const;
    QString atScaleHtml() const;
    /// The routing trace open in the window: what it is and each layer's balance.
    QString traceHtml() const;
    QString figuresHtml(Section section, bool embedded) const;
    QString figureHtml(qsizetype index, bool embedded) const;

    ReportInput m_in;
    ReportFigures m_figures;  ///< made from m_in, so declared after it
};

}  // namespace moe::ui
