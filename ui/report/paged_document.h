#pragma once
// Intended usage: prints a QTextDocument on A4 pages the way a report wants it: margins on
// every side, "page N of M" at the foot, and sections kept whole. A section is a heading
// (h1-h6) and everything up to the next heading; when one would straddle a page break and
// fits on one page, it starts on the next page instead. A section too tall for a page still
// keeps its heading with what follows. Images are never split: a line of text cannot be.
//
//   QTextDocument document;
//   document.setHtml(html);
//   PagedDocument paged(document);          // lays the document out on the pages
//   QPdfWriter pdf(&file);
//   if (!paged.print(pdf)) ...              // false if the device cannot be painted on
//
// The document is laid out in the units of the screen (96 dpi on the offscreen platform),
// with its page size set here, and scaled onto the device; set its default font and
// contents before constructing.

#include <QCoreApplication>
#include <QSizeF>

class QPagedPaintDevice;
class QTextDocument;

namespace moe::ui {

class PagedDocument {
    Q_DECLARE_TR_FUNCTIONS(moe::ui::PagedDocument)

public:
    /// A4, in millimetres: margins left/right, top, and the foot's band (page number) below the text.
    static constexpr double kPageWidthMm = 210.0;
    static constexpr double kPageHeightMm = 297.0;
    static constexpr double kSideMarginMm = 15.0;
    static constexpr double kTopMarginMm = 15.0;
    static constexpr double kBottomMarginMm = 18.0;

    explicit PagedDocument(QTextDocument& document);

    int pageCount() const;
    /// The text area of one page, in the document's units.
    QSizeF pageSize() const { return m_page; }
    /// Page breaks inserted to keep sections whole.
    int breaksInserted() const { return m_breaks; }
    /// Paints every page onto `device` (its page layout set to A4 without margins here).
    bool print(QPagedPaintDevice& device) const;

private:
    void keepSectionsTogether();

    QTextDocument& m_document;
    double m_dpi = 96.0;  ///< the document's units per inch
    QSizeF m_page;
    int m_breaks = 0;
};

}  // namespace moe::ui
