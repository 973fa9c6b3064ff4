#include "ui/scale/stacked_bars_view.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>

namespace moe::ui {
namespace {

const QColor kText(0x22, 0x22, 0x22);
const QColor kMuted(0x55, 0x55, 0x55);

}  // namespace

StackedBarsView::StackedBarsView(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void StackedBarsView::setChart(const BarChart& chart) {
    m_chart = chart;
    updateGeometry();
    update();
}

void StackedBarsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) updateGeometry();
    QWidget::changeEvent(event);
}

int StackedBarsView::rowHeight() const { return QFontMetrics(font()).height() + 6; }

int StackedBarsView::labelWidth() const {
    const QFontMetrics fm(font());
    int w = 0;
    for (const BarGroup& g : m_chart.groups)
        for (const BarRow& r : g.rows) w = std::max(w, fm.horizontalAdvance(r.label));
    return w + 10;
}

int StackedBarsView::valueWidth() const {
    const QFontMetrics fm(font());
    int w = 0;
    for (const BarGroup& g : m_chart.groups)
        for (const BarRow& r : g.rows) w = std::max(w, fm.horizontalAdvance(r.valueText));
    return w + 8;
}

int StackedBarsView::titleHeight(const QString& title, int width) const {
    if (title.isEmpty()) return 0;
    QFont bold = font();
    bold.setBold(true);
    const QRect r = QFontMetrics(bold).boundingRect(QRect(0, 0, std::max(width, 40), 10000), Qt::TextWordWrap, title);
    return std::max(rowHeight(), r.height() + 6);
}

bool StackedBarsView::isNarrow(int width) const { return width < labelWidth() + valueWidth() + 90; }

int StackedBarsView::barsHeight(int width) const {
    const int row = rowHeight() * (isNarrow(width) ? 2 : 1);
    int h = 0;
    for (const BarGroup& g : m_chart.groups) h += titleHeight(g.title, width) + row * static_cast<int>(g.rows.size()) + 4;
    return h;
}

QList<QPoint> StackedBarsView::keyLayout(int width, int top) const {
    const QFontMetrics fm(font());
    const int row = fm.height() + 2;
    QList<QPoint> at;
    int x = 0;
    int y = top + 2;
    for (const BarKey& k : m_chart.key) {
        const int w = 14 + fm.horizontalAdvance(k.name);
        if (x > 0 && x + w > width) {
            x = 0;
            y += row;
        }
        at.append({x, y});
        x += w + 14;
    }
    return at;
}

int StackedBarsView::heightForWidth(int width) const {
    const int top = barsHeight(width);
    const QList<QPoint> key = keyLayout(width, top);
    return key.isEmpty() ? top : key.constLast().y() + QFontMetrics(font()).height() + 4;
}

QSize StackedBarsView::sizeHint() const { return {420, heightForWidth(420)}; }
QSize StackedBarsView::minimumSizeHint() const { return {160, heightForWidth(160)}; }

void StackedBarsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QFontMetrics fm(font());
    const int rowH = rowHeight();
    const bool narrow = isNarrow(width());
    const int labelW = narrow ? 0 : labelWidth();
    const int valueW = valueWidth();
    const double barW = std::max(30, width() - labelW - valueW - 4);
    int y = 0;
    for (const BarGroup& g : m_chart.groups) {
        if (!g.title.isEmpty()) {
            QFont bold = font();
            bold.setBold(true);
            p.setFont(bold);
            p.setPen(kText);
            const int h = titleHeight(g.title, width());
            p.drawText(QRect(0, y, width(), h), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, g.title);
            p.setFont(font());
            y += h;
        }
        double most = 0.0;
        for (const BarRow& r : g.rows) {
            double sum = 0.0;
            for (const BarSegment& s : r.segments) sum += s.value;
            most = std::max(most, sum);
        }
        if (!(most > 0.0)) most = 1.0;
        for (const BarRow& r : g.rows) {
            p.setPen(kText);
            if (narrow) {
                p.drawText(QRect(0, y, width(), rowH), Qt::AlignLeft | Qt::AlignVCenter, r.label);
                y += rowH;
            } else {
                p.drawText(QRect(0, y, labelW - 8, rowH), Qt::AlignRight | Qt::AlignVCenter, r.label);
            }
            double x = labelW;
            p.setPen(Qt::NoPen);
            for (const BarSegment& s : r.segments) {
                const double w = s.value / most * barW;
                p.setBrush(s.color);
                p.drawRect(QRectF(x, y + 3, w, rowH - 6));
                x += w;
            }
            p.setPen(kMuted);
            p.drawText(QRectF(x + 5, y, valueW + 4, rowH), Qt::AlignLeft | Qt::AlignVCenter, r.valueText);
            y += rowH;
        }
        y += 4;
    }
    const QList<QPoint> at = keyLayout(width(), y);
    for (qsizetype i = 0; i < m_chart.key.size(); ++i) {
        const BarKey& k = m_chart.key[i];
        p.setPen(Qt::NoPen);
        p.setBrush(k.color);
        p.drawRect(QRectF(at[i].x(), at[i].y() + (fm.height() - 10) / 2.0, 10, 10));
        p.setPen(kMuted);
        p.drawText(QRect(at[i].x() + 14, at[i].y(), width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, k.name);
    }
}

}  // namespace moe::ui
