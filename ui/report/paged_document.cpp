#include "ui/report/paged_document.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QScreen>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <cmath>
#include <vector>

namespace moe::ui {
namespace {

constexpr double kMmPerInch = 25.4;

// The resolution QTextDocument lays text out at when it has no paint device of its own.
double layoutDpi() {
    const QScreen* screen = QGuiApplication::primaryScreen();
    return screen ? std::round(screen->logicalDotsPerInchY()) : 96.0;
}

}  // namespace

PagedDocument::PagedDocument(QTextDocument& document) : m_document(document), m_dpi(layoutDpi()) {
    const double perMm = m_dpi / kMmPerInch;
    m_page = QSizeF((kPageWidthMm - 2.0 * kSideMarginMm) * perMm,
                    (kPageHeightMm - kTopMarginMm - kBottomMarginMm) * perMm);
    // The page margins are ours; a little room keeps table borders inside the clip.
    m_document.setDocumentMargin(2.0);
    m_document.setPageSize(m_page);
    keepSectionsTogether();
}

int PagedDocument::pageCount() const { return m_document.pageCount(); }

void PagedDocument::keepSectionsTogether() {
    QAbstractTextDocumentLayout* layout = m_document.documentLayout();
    const double pageHeight = m_page.height();
    auto pageOf = [pageHeight](double y) { return static_cast<int>(std::floor(y / pageHeight)); };

    // Section starts: headings, a heading straight after another one joining its section.
    std::vector<int> starts;
    for (QTextBlock b = m_document.begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() <= 0) continue;
        if (!starts.empty() && b.blockNumber() == starts.back() + 1) continue;
        starts.push_back(b.blockNumber());
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
        m_document.pageCount();  // lays out what the last break moved
        const QTextBlock first = m_document.findBlockByNumber(starts[i]);
        const int end = i + 1 < starts.size() ? starts[i + 1] : m_document.blockCount();
        const double top = layout->blockBoundingRect(first).top();
        double bottom = top;
        double firstContentBottom = -1.0;  // the first block after the heading(s)
        for (QTextBlock b = first; b.isValid() && b.blockNumber() < end; b = b.next()) {
            const QRectF r = layout->blockBoundingRect(b);
            bottom = std::max(bottom, r.bottom());
            if (firstContentBottom < 0.0 && b.blockFormat().headingLevel() <= 0 && !b.text().isEmpty())
                firstContentBottom = r.bottom();
        }
        const int page = pageOf(top);
        if (pageOf(bottom - 0.5) == page) continue;
        if (top - page * pageHeight < 1.0) continue;  // already at the top of a page
        // A section that fits on a page goes to the next one whole; a taller one at least
        // takes its heading along with its first lines.
        const bool fits = bottom - top <= pageHeight - 8.0;
        const bool orphanedHeading = firstContentBottom >= 0.0 && pageOf(firstContentBottom - 0.5) != page;
        if (!fits && !orphanedHeading) continue;
        QTextCursor cursor(first);
        QTextBlockFormat format;
        format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        cursor.mergeBlockFormat(format);
        ++m_breaks;
    }
}

bool PagedDocument::print(QPagedPaintDevice& device) const {
    device.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout::Millimeter));
    const int pages = pageCount();
    QPainter p(&device);
    if (!p.isActive()) return false;
    p.setRenderHint(QPainter::Antialiasing);
    const double scale = device.logicalDpiY() / m_dpi;  // device pixels per document unit
    const double devicePerMm = device.logicalDpiY() / kMmPerInch;
    const double perMm = m_dpi / kMmPerInch;
    QFont footFont = m_document.defaultFont();
    footFont.setPointSizeF(7.5);
    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !device.newPage()) return false;
        p.save();
        p.scale(scale, scale);
        p.translate(kSideMarginMm * perMm, kTopMarginMm * perMm - i * m_page.height());
        m_document.drawContents(&p, QRectF(QPointF(0.0, i * m_page.height()), m_page));
        p.restore();
        // The foot, in the device's own units so that its font keeps its point size.
        p.setFont(footFont);
        p.setPen(QColor(0x66, 0x66, 0x66));
        const QRectF foot(kSideMarginMm * devicePerMm, (kPageHeightMm - kBottomMarginMm + 6.0) * devicePerMm,
                          (kPageWidthMm - 2.0 * kSideMarginMm) * devicePerMm, 8.0 * devicePerMm);
        p.drawText(foot, Qt::AlignRight | Qt::AlignTop, tr("page %1 of %2").arg(i + 1).arg(pages));
    }
    return true;
}

}  // namespace moe::ui
