#include "ui/charts/heatmap_view.h"

#include "ui/charts/axis_ticks.h"
#include "ui/charts/sequential_color_map.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QPolygonF>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

const QColor kText(0x1A, 0x1A, 0x1A);
const QColor kMuted(0x5A, 0x5A, 0x5A);
const QColor kBackground(Qt::white);
// Above this many cells the matrix is drawn as one image (a pixel per cell) instead of a
// rectangle per cell: cheaper, and the cells are smaller than a pixel anyway.
constexpr int kMaxVectorCells = 40000;
// Cell values are written into cells only for small matrices (a class x expert table).
constexpr int kMaxTextCells = 600;

/// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `minimum`.
int niceStep(double minimum) {
    if (!(minimum > 1.0)) return 1;
    for (int magnitude = 1;; magnitude *= 10)
        for (int m : {1, 2, 5})
            if (m * magnitude >= minimum) return m * magnitude;
}

QString tickText(const AxisTicks& ticks, double value, const QString& unit) {
    QString text = ticks.label(value);
    if (!unit.isEmpty()) text += (unit == QStringLiteral("%") ? QString() : QStringLiteral(" ")) + unit;
    return text;
}

/// Text rotated to read upwards, centred in `box`.
void drawVerticalText(QPainter& p, const QRectF& box, const QString& text) {
    p.save();
    p.translate(box.center());
    p.rotate(-90);
    const QRectF rotated(-box.height() / 2, -box.width() / 2, box.height(), box.width());
    p.drawText(rotated, Qt::AlignCenter, p.fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(box.height())));
    p.restore();
}

}  // namespace

struct HeatmapView::Layout {
    QFont font, bold, titleFont, smallFont;
    double fh = 14.0;       // line height of `font` on the device
    double unit = 1.0;      // one screen pixel, scaled to the device's text size
    QRectF frame;
    QRectF title, subtitle;
    QRectF cells;
    QRectF rowTitle, rowLabels;
    QRectF colLabels, colTitle;
    QRectF bar, barLabels, valueTitle;
    int rows = 0, cols = 0;
    int rowStep = 1, colStep = 1;
    const QStringList* colTexts = nullptr;  // the full or the short column labels
    bool colRotated = false;                // labels read upwards, one per column
    bool marksVisible = false;

    double x(int col) const { return cells.left() + cells.width() * col / cols; }
    double y(int row) const { return cells.top() + cells.height() * row / rows; }
    double cellW() const { return cells.width() / cols; }
    double cellH() const { return cells.height() / rows; }
    QRectF cell(int row, int col) const { return QRectF(QPointF(x(col), y(row)), QPointF(x(col + 1), y(row + 1))); }
};

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void HeatmapView::setData(const HeatmapData& data) {
    m_data = data;
    if (static_cast<int>(m_data.values.size()) != std::max(0, m_data.rows) * std::max(0, m_data.cols)) {
        // A malformed table is shown as empty rather than read out of bounds.
        m_data.rows = 0;
        m_data.cols = 0;
        m_data.values.clear();
    }
    if (static_cast<int>(m_data.marks.size()) != m_data.rows * m_data.cols) m_data.marks.clear();
    m_range = m_data.range();
    if (m_hover.y() >= m_data.rows || m_hover.x() >= m_data.cols) m_hover = {-1, -1};
    rebuildImage();
    update();
}

void HeatmapView::rebuildImage() {
    m_image = QImage();
    if (m_data.isEmpty() || m_data.rows * m_data.cols <= kMaxVectorCells) return;
    m_image = QImage(m_data.cols, m_data.rows, QImage::Format_RGB32);
    for (int r = 0; r < m_data.rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(r));
        for (int c = 0; c < m_data.cols; ++c) line[c] = colorFor(m_data.value(r, c)).rgb();
    }
}

QColor HeatmapView::colorFor(double value) const {
    if (!std::isfinite(value)) return SequentialColorMap::missing();
    const auto [lo, hi] = m_range;
    return SequentialColorMap::color((value - lo) / (hi - lo));
}

HeatmapView::Layout HeatmapView::layoutFor(const QRectF& target, const QFont& font, const QPaintDevice* device) const {
    Layout l;
    l.frame = target;
    l.font = font;
    l.bold = font;
    l.bold.setBold(true);
    l.titleFont = l.bold;
    l.titleFont.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 1.1 : 10.0);
    l.smallFont = font;
    if (font.pointSizeF() > 0) l.smallFont.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetricsF fm(font, device);
    l.fh = fm.height();
    l.unit = l.fh / 15.0;
    l.rows = m_data.rows;
    l.cols = m_data.cols;
    const double pad = 0.4 * l.fh;

    double top = target.top() + pad;
    if (!m_data.title.isEmpty()) {
        const double h = QFontMetricsF(l.titleFont, device).height() * 1.15;
        l.title = QRectF(target.left() + pad, top, target.width() - 2 * pad, h);
        top += h;
    }
    if (!m_data.subtitle.isEmpty()) {
        l.subtitle = QRectF(target.left() + pad, top, target.width() - 2 * pad, l.fh * 1.1);
        top += l.fh * 1.1;
    }
    top += 0.4 * l.fh;

    // Colour bar on the right: bar, tick labels, then the value title reading upwards.
    const auto [lo, hi] = m_range;
    const AxisTicks ticks = AxisTicks::compute(lo * m_data.displayScale, hi * m_data.displayScale, 5);
    double tickW = fm.horizontalAdvance(QStringLiteral("0"));
    for (double v : ticks.values) tickW = std::max(tickW, fm.horizontalAdvance(tickText(ticks, v, m_data.unit)));
    const double barW = 0.8 * l.fh;
    const double valueTitleW = m_data.valueTitle.isEmpty() ? 0.0 : 1.2 * l.fh;
    const double legendW = 0.9 * l.fh + barW + 0.35 * l.fh + tickW + 0.3 * l.fh + valueTitleW;

    // Row labels (or group names) and the row title on the left.
    const bool rowSwatches = !m_data.rowColors.isEmpty();
    double labelW = 0.0;
    if (!m_data.rowLabels.isEmpty()) {
        for (const QString& s : m_data.rowLabels) labelW = std::max(labelW, fm.horizontalAdvance(s));
        if (rowSwatches) labelW += 0.9 * l.fh;
    } else if (!m_data.rowGroups.isEmpty()) {
        bool swatch = false;
        for (const HeatmapData::Group& g : m_data.rowGroups) {
            labelW = std::max(labelW, fm.horizontalAdvance(g.name));
            swatch = swatch || g.color.isValid();
        }
        labelW += (swatch ? 0.9 * l.fh : 0.0) + 0.6 * l.fh;  // swatch, bracket
    }
    labelW = std::min(labelW + 0.3 * l.fh, 0.3 * target.width());
    const double rowTitleW = m_data.rowTitle.isEmpty() ? 0.0 : 1.3 * l.fh;
    const double colTitleH = m_data.colTitle.isEmpty() ? 0.0 : 1.2 * l.fh;
    const double left = target.left() + pad + rowTitleW + labelW;
    const double right = target.right() - pad - legendW;

    // Column labels: the full ones if they fit side by side, else the short ones, else the
    // full ones turned to read upwards (one per column), else every n-th full one.
    double colLabelsH = 0.0;
    if (!m_data.colLabels.isEmpty() && l.cols > 0) {
        const double cellW = std::max(right - left, 1.0) / l.cols;
        const double swatch = m_data.colColors.isEmpty() ? 0.0 : 0.9 * l.fh;
        auto widest = [&](const QStringList& labels) {
            double w = 0.0;
            for (const QString& s : labels) w = std::max(w, fm.horizontalAdvance(s));
            return w;
        };
        const double fullW = widest(m_data.colLabels);
        const bool shortUsable = m_data.colShortLabels.size() == m_data.colLabels.size();
        l.colTexts = &m_data.colLabels;
        colLabelsH = 1.25 * l.fh;
        if (fullW + swatch + 0.6 * l.fh <= cellW) {
            l.colStep = 1;
        } else if (shortUsable && widest(m_data.colShortLabels) + swatch + 0.6 * l.fh <= cellW) {
            l.colTexts = &m_data.colShortLabels;
        } else if (cellW >= 1.1 * l.fh && swatch == 0.0) {
            l.colRotated = true;
            colLabelsH = std::min(fullW + 0.4 * l.fh, 0.3 * target.height());
        } else {
            l.colStep = niceStep((fullW + swatch + 0.6 * l.fh) / cellW);
        }
    }
    const double bottom = target.bottom() - pad - colLabelsH - colTitleH;
    l.cells = QRectF(left, top, std::max(right - left, 1.0), std::max(bottom - top, 1.0));
    l.rowTitle = QRectF(target.left() + pad, top, rowTitleW, l.cells.height());
    l.rowLabels = QRectF(l.rowTitle.right(), top, labelW, l.cells.height());
    l.colLabels = QRectF(l.cells.left(), l.cells.bottom() + 0.15 * l.fh, l.cells.width(), colLabelsH);
    l.colTitle = QRectF(l.cells.left(), l.colLabels.bottom(), l.cells.width(), colTitleH);
    l.bar = QRectF(l.cells.right() + 0.9 * l.fh, top, barW, l.cells.height());
    l.barLabels = QRectF(l.bar.right() + 0.35 * l.fh, top, tickW, l.cells.height());
    l.valueTitle = QRectF(l.barLabels.right() + 0.3 * l.fh, top, valueTitleW, l.cells.height());

    if (l.rows > 0 && l.cols > 0) {
        l.rowStep = niceStep(1.05 * l.fh / std::max(l.cellH(), 1e-9));
        l.marksVisible = !m_data.marks.empty() && std::min(l.cellW(), l.cellH()) >= 5.0 * l.unit;
    }
    return l;
}

void HeatmapView::paintTo(QPainter* painter, const QRectF& target) const {
    painter->save();
    paint(*painter, target, QPoint(-1, -1));
    painter->restore();
}

void HeatmapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paint(p, QRectF(rect()), m_hover);
}

void HeatmapView::paint(QPainter& p, const QRectF& target, QPoint hover) const {
    const Layout l = layoutFor(target, font(), p.device());
    p.fillRect(target, kBackground);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    if (!l.title.isEmpty()) {
        p.setFont(l.titleFont);
        p.setPen(kText);
        p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(l.titleFont, p.device()).elidedText(m_data.title, Qt::ElideRight, l.title.width()));
    }
    p.setFont(l.font);
    if (!l.subtitle.isEmpty()) {
        p.setPen(kMuted);
        QString subtitle = m_data.subtitle;
        if (l.marksVisible && !m_data.marksNote.isEmpty()) subtitle += QStringLiteral(" · ") + m_data.marksNote;
        p.drawText(l.subtitle, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(l.font, p.device()).elidedText(subtitle, Qt::ElideRight, l.subtitle.width()));
    }
    if (m_data.isEmpty() || l.cells.width() < 4 || l.cells.height() < 4) {
        p.setPen(kMuted);
        const QRectF area(target.left(), l.cells.top(), target.width(), target.bottom() - l.cells.top());
        p.drawText(area.adjusted(l.fh, 0, -l.fh, 0), Qt::AlignCenter | Qt::TextWordWrap,
                   m_data.emptyText.isEmpty() ? tr("No data yet.") : m_data.emptyText);
        return;
    }
    paintCells(p, l);
    paintCellText(p, l);
    paintGroups(p, l);
    paintRowLabels(p, l, hover.y());
    paintColLabels(p, l, hover.x());
    paintColorBar(p, l);
    p.setPen(kText);
    if (!m_data.rowTitle.isEmpty()) drawVerticalText(p, l.rowTitle, m_data.rowTitle);
    if (!m_data.colTitle.isEmpty()) p.drawText(l.colTitle, Qt::AlignCenter, m_data.colTitle);
    if (hover.x() >= 0 && hover.y() >= 0) paintHover(p, l, hover);
}

void HeatmapView::paintCells(QPainter& p, const Layout& l) const {
    if (!m_image.isNull()) {
        p.save();
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(l.cells, m_image);
        p.restore();
        return;
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);  // adjacent cells share their edges: no seams
    for (int r = 0; r < l.rows; ++r)
        for (int c = 0; c < l.cols; ++c) p.fillRect(l.cell(r, c), colorFor(m_data.value(r, c)));
    p.restore();
}

void HeatmapView::paintCellText(QPainter& p, const Layout& l) const {
    const double side = std::min(l.cellW(), l.cellH());
    const auto [lo, hi] = m_range;
    // Markers (chosen / dropped) when a cell can hold one.
    if (l.marksVisible) {
        const double radius = std::clamp(0.16 * side, 1.5 * l.unit, 4.0 * l.unit);
        for (int r = 0; r < l.rows; ++r)
            for (int c = 0; c < l.cols; ++c) {
                const unsigned char mark = m_data.mark(r, c);
                if (mark == HeatmapData::NoMark) continue;
                const QColor ink = SequentialColorMap::textColor((m_data.value(r, c) - lo) / (hi - lo));
                const QRectF cell = l.cell(r, c);
                // In a cell that also shows its value, the marker sits in the top-left corner.
                const QPointF at = cell.topLeft() + QPointF(std::min(cell.width() / 2, 2 * radius + 2 * l.unit),
                                                            std::min(cell.height() / 2, 2 * radius + 2 * l.unit));
                if (mark == HeatmapData::Dot) {
                    p.setPen(Qt::NoPen);
                    p.setBrush(ink);
                    p.drawEllipse(at, radius, radius);
                } else {
                    p.setPen(QPen(ink, 1.3 * l.unit));
                    p.drawLine(at + QPointF(-radius, -radius), at + QPointF(radius, radius));
                    p.drawLine(at + QPointF(-radius, radius), at + QPointF(radius, -radius));
                }
            }
        p.setBrush(Qt::NoBrush);
    }
    if (!m_data.cellValues || l.rows * l.cols > kMaxTextCells) return;
    const QFontMetricsF fm(l.smallFont, p.device());
    const double needW = fm.horizontalAdvance(m_data.format(hi)) + 0.5 * l.fh;
    if (l.cellW() < needW || l.cellH() < fm.height() * 1.05) return;
    p.setFont(l.smallFont);
    for (int r = 0; r < l.rows; ++r)
        for (int c = 0; c < l.cols; ++c) {
            const double v = m_data.value(r, c);
            p.setPen(std::isfinite(v) ? SequentialColorMap::textColor((v - lo) / (hi - lo)) : kMuted);
            p.drawText(l.cell(r, c), Qt::AlignCenter, m_data.format(v));
        }
    p.setFont(l.font);
}

void HeatmapView::paintGroups(QPainter& p, const Layout& l) const {
    if (m_data.rowGroups.isEmpty()) return;
    const bool names = m_data.rowLabels.isEmpty();
    const double bracketX = l.cells.left() - 0.35 * l.fh;
    for (int i = 0; i < m_data.rowGroups.size(); ++i) {
        const HeatmapData::Group& g = m_data.rowGroups[i];
        const int last = std::min(g.first + g.count, l.rows);
        if (g.count <= 0 || g.first >= l.rows) continue;
        const double y0 = l.y(g.first), y1 = l.y(last);
        if (i > 0) {
            // A gap in the background colour separates the groups.
            p.setPen(QPen(kBackground, std::max(2.0 * l.unit, 0.12 * l.fh)));
            p.drawLine(QPointF(l.cells.left(), y0), QPointF(l.cells.right(), y0));
        }
        if (!names) continue;
        p.setPen(QPen(kMuted, 1.0 * l.unit));
        const double inset = std::min(2.0 * l.unit, (y1 - y0) / 4);
        p.drawLine(QPointF(bracketX, y0 + inset), QPointF(bracketX, y1 - inset));
        if (y1 - y0 < 0.8 * l.fh) continue;
        QRectF text(l.rowLabels.left(), (y0 + y1) / 2 - l.fh / 2, bracketX - 0.3 * l.fh - l.rowLabels.left(), l.fh);
        if (g.color.isValid()) {
            const double s = 0.6 * l.fh;
            p.setPen(Qt::NoPen);
            p.setBrush(g.color);
            p.drawRoundedRect(QRectF(text.right() - s, text.center().y() - s / 2, s, s), 2 * l.unit, 2 * l.unit);
            p.setBrush(Qt::NoBrush);
            text.setRight(text.right() - s - 0.3 * l.fh);
        }
        p.setPen(kText);
        p.drawText(text, Qt::AlignRight | Qt::AlignVCenter,
                   QFontMetricsF(l.font, p.device()).elidedText(g.name, Qt::ElideRight, text.width()));
    }
}

void HeatmapView::paintRowLabels(QPainter& p, const Layout& l, int hoverRow) const {
    if (m_data.rowLabels.isEmpty()) return;
    const bool swatches = !m_data.rowColors.isEmpty();
    const double s = 0.6 * l.fh;
    for (int r = 0; r < l.rows; ++r) {
        if (r % l.rowStep != 0) continue;
        const double cy = (l.y(r) + l.y(r + 1)) / 2;
        QRectF text(l.rowLabels.left(), cy - l.fh / 2, l.rowLabels.width() - 0.3 * l.fh, l.fh);
        if (swatches && r < m_data.rowColors.size()) {
            p.setPen(Qt::NoPen);
            p.setBrush(m_data.rowColors[r]);
            p.drawRoundedRect(QRectF(text.right() - s, cy - s / 2, s, s), 2 * l.unit, 2 * l.unit);
            p.setBrush(Qt::NoBrush);
        }
        if (swatches) text.setRight(text.right() - s - 0.3 * l.fh);
        p.setFont(r == hoverRow ? l.bold : l.font);
        p.setPen(kText);
        p.drawText(text, Qt::AlignRight | Qt::AlignVCenter,
                   QFontMetricsF(p.font(), p.device()).elidedText(m_data.rowLabels.value(r), Qt::ElideRight, text.width()));
    }
    p.setFont(l.font);
}

void HeatmapView::paintColLabels(QPainter& p, const Layout& l, int hoverCol) const {
    if (!l.colTexts) return;
    const bool swatches = !m_data.colColors.isEmpty();
    const double s = 0.6 * l.fh;
    const double swatchRoom = swatches ? s + 0.25 * l.fh : 0.0;
    for (int c = 0; c < l.cols; ++c) {
        if (c % l.colStep != 0) continue;
        const QFont& f = c == hoverCol ? l.bold : l.font;
        const QFontMetricsF fm(f, p.device());
        p.setFont(f);
        p.setPen(kText);
        const double cx = (l.x(c) + l.x(c + 1)) / 2;
        if (l.colRotated) {
            // Reads upwards, its end at the top of the label strip, centred on the column.
            const QString text = fm.elidedText(l.colTexts->value(c), Qt::ElideRight, l.colLabels.height() - 0.3 * l.fh);
            p.save();
            p.translate(cx, l.colLabels.top() + 0.2 * l.fh);
            p.rotate(-90);
            p.drawText(QRectF(-l.colLabels.height(), -l.fh / 2, l.colLabels.height(), l.fh), Qt::AlignRight | Qt::AlignVCenter, text);
            p.restore();
            continue;
        }
        const double room = l.cellW() * l.colStep;
        const QString text = fm.elidedText(l.colTexts->value(c), Qt::ElideRight, std::max(room - swatchRoom, l.fh));
        const double w = fm.horizontalAdvance(text) + swatchRoom;
        // Keep the label inside the picture.
        const double x0 = std::clamp(cx - w / 2, l.frame.left(), l.frame.right() - w);
        if (swatches && c < m_data.colColors.size()) {
            p.setPen(Qt::NoPen);
            p.setBrush(m_data.colColors[c]);
            p.drawRoundedRect(QRectF(x0, l.colLabels.center().y() - s / 2, s, s), 2 * l.unit, 2 * l.unit);
            p.setBrush(Qt::NoBrush);
            p.setPen(kText);
        }
        p.drawText(QRectF(x0 + swatchRoom, l.colLabels.top(), w - swatchRoom + 1.0, l.colLabels.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    p.setFont(l.font);
}

void HeatmapView::paintColorBar(QPainter& p, const Layout& l) const {
    QLinearGradient gradient(l.bar.bottomLeft(), l.bar.topLeft());
    for (int i = 0; i <= 8; ++i) gradient.setColorAt(i / 8.0, SequentialColorMap::color(i / 8.0));
    p.setPen(QPen(kMuted, 0.8 * l.unit));
    p.setBrush(gradient);
    p.drawRect(l.bar);
    p.setBrush(Qt::NoBrush);
    const auto [lo, hi] = m_range;
    const double scale = m_data.displayScale;
    const int target = std::clamp(static_cast<int>(l.bar.height() / (1.8 * l.fh)), 1, 6);
    const AxisTicks ticks = AxisTicks::compute(lo * scale, hi * scale, target);
    for (double v : ticks.values) {
        const double t = (v / scale - lo) / (hi - lo);
        const double y = l.bar.bottom() - t * l.bar.height();
        p.setPen(QPen(kMuted, 0.8 * l.unit));
        p.drawLine(QPointF(l.bar.right(), y), QPointF(l.bar.right() + 0.25 * l.fh, y));
        p.setPen(kText);
        const double ty = std::clamp(y - l.fh / 2, l.bar.top() - l.fh / 2, l.bar.bottom() - l.fh / 2);
        p.drawText(QRectF(l.barLabels.left(), ty, l.barLabels.width() + l.fh, l.fh), Qt::AlignLeft | Qt::AlignVCenter,
                   tickText(ticks, v, m_data.unit));
    }
    if (m_data.reference && *m_data.reference >= lo && *m_data.reference <= hi) {
        // A reference value (the balanced share): a line across the bar with a pointer on its left.
        const double y = l.bar.bottom() - (*m_data.reference - lo) / (hi - lo) * l.bar.height();
        p.setPen(QPen(kText, 1.6 * l.unit));
        p.drawLine(QPointF(l.bar.left(), y), QPointF(l.bar.right(), y));
        const double s = 0.35 * l.fh;
        p.setBrush(kText);
        p.drawPolygon(QPolygonF({QPointF(l.bar.left() - 0.1 * s, y), QPointF(l.bar.left() - s, y - s / 1.4),
                                 QPointF(l.bar.left() - s, y + s / 1.4)}));
        p.setBrush(Qt::NoBrush);
    }
    if (!m_data.valueTitle.isEmpty()) {
        p.setPen(kText);
        drawVerticalText(p, l.valueTitle, m_data.valueTitle);
    }
}

void HeatmapView::paintHover(QPainter& p, const Layout& l, QPoint hover) const {
    const int row = hover.y(), col = hover.x();
    if (row >= l.rows || col >= l.cols) return;
    p.setBrush(Qt::NoBrush);
    // The row and column bands in a thin line, the cell in a black-and-white double line
    // that shows on every colour of the scale.
    p.setPen(QPen(QColor(0, 0, 0, 110), 1.0 * l.unit));
    p.drawRect(QRectF(QPointF(l.cells.left(), l.y(row)), QPointF(l.cells.right(), l.y(row + 1))));
    p.drawRect(QRectF(QPointF(l.x(col), l.cells.top()), QPointF(l.x(col + 1), l.cells.bottom())));
    const QRectF cell = l.cell(row, col).adjusted(-1.5 * l.unit, -1.5 * l.unit, 1.5 * l.unit, 1.5 * l.unit);
    p.setPen(QPen(Qt::black, 2.5 * l.unit));
    p.drawRect(cell);
    p.setPen(QPen(Qt::white, 1.0 * l.unit));
    p.drawRect(cell);
}

QPoint HeatmapView::cellAt(const QPointF& pos) const {
    if (m_data.isEmpty()) return {-1, -1};
    const Layout l = layoutFor(QRectF(rect()), font(), this);
    if (!l.cells.contains(pos)) return {-1, -1};
    const int col = std::clamp(static_cast<int>((pos.x() - l.cells.left()) / l.cellW()), 0, l.cols - 1);
    const int row = std::clamp(static_cast<int>((pos.y() - l.cells.top()) / l.cellH()), 0, l.rows - 1);
    return {col, row};
}

QRectF HeatmapView::cellRect(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_data.rows || col >= m_data.cols) return {};
    return layoutFor(QRectF(rect()), font(), this).cell(row, col);
}

QString HeatmapView::toolTipText(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_data.rows || col >= m_data.cols) return {};
    auto line = [](const QString& title, const QString& value) {
        return title.isEmpty() ? value.toHtmlEscaped() : title.toHtmlEscaped() + QStringLiteral(": ") + value.toHtmlEscaped();
    };
    QString rowName = m_data.rowLabels.value(row);
    if (rowName.isEmpty()) {
        const HeatmapData::Group* g = m_data.groupOf(row);
        rowName = g ? g->name : QString::number(row + 1);
    }
    const QString colName = m_data.colLabels.value(col, QString::number(col + 1));
    const double v = m_data.value(row, col);
    QString text = QStringLiteral("<b>") + line(m_data.rowTitle, rowName) + QStringLiteral("</b><br>") +
                   line(m_data.colTitle, colName) + QStringLiteral("<br>");
    const QString valueTitle = m_data.valueTitle.isEmpty() ? tr("Value") : m_data.valueTitle;
    if (std::isfinite(v))
        text += valueTitle.toHtmlEscaped() + QStringLiteral(": <b>") + m_data.format(v).toHtmlEscaped() +
                QStringLiteral("</b> (") + QString::number(v, 'g', 6) + QStringLiteral(")");
    else
        text += valueTitle.toHtmlEscaped() + QStringLiteral(": ") + tr("no value");
    if (m_toolTipExtra) {
        const QString extra = m_toolTipExtra(row, col);
        if (!extra.isEmpty()) text += QStringLiteral("<br>") + extra;
    }
    return text;
}

bool HeatmapView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() >= 0) {
            QToolTip::showText(help->globalPos(), toolTipText(cell.y(), cell.x()), this,
                               cellRect(cell.y(), cell.x()).toAlignedRect());
        } else if (!toolTip().isEmpty()) {
            QToolTip::showText(help->globalPos(), toolTip(), this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

void HeatmapView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint cell = cellAt(event->position());
    if (cell != m_hover) {
        m_hover = cell;
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void HeatmapView::mousePressEvent(QMouseEvent* event) {
    const QPoint cell = cellAt(event->position());
    if (event->button() == Qt::LeftButton && cell.x() >= 0) emit cellClicked(cell.y(), cell.x());
    QWidget::mousePressEvent(event);
}

void HeatmapView::leaveEvent(QEvent* event) {
    if (m_hover != QPoint(-1, -1)) {
        m_hover = {-1, -1};
        update();
    }
    QWidget::leaveEvent(event);
}

}  // namespace moe::ui
