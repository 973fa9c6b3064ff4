#include "ui/territory/territory_legend.h"

#include "ui/charts/class_palette.h"
#include "ui/charts/expert_palette.h"
#include "ui/territory/territory_renderer.h"
#include "ui/charts/presentation.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <cmath>

namespace moe::ui {

namespace {
// The colour ramps' width: their two end labels must not meet at any zoom.
constexpr ZoomedLength kRamp{120.0};
}  // namespace

TerritoryLegend::TerritoryLegend(const QFont& font, int experts, const std::vector<double>& load,
                                 const moe::Dataset& data, bool boundary)
    : m_font(font), m_experts(std::max(experts, 1)), m_load(load), m_data(data), m_boundary(boundary) {}

// Solid, in the legend as on the map: the contour is made of cell-edge segments shorter
// than a dash, so a dashed pen drew it solid on the map while the legend showed dashes.
QPen TerritoryLegend::boundaryPen() {
    QPen pen(QColor(0x1A, 0x1A, 0x1A, 210), 1.5, Qt::SolidLine);
    return pen;
}

QFont TerritoryLegend::boldFont() const {
    QFont bold = m_font;
    bold.setBold(true);
    return bold;
}

double TerritoryLegend::rowHeight() const { return std::ceil(QFontMetricsF(m_font).height() + 5); }

double TerritoryLegend::fullExpertEntry() const {
    return QFontMetricsF(m_font).horizontalAdvance(QStringLiteral("Expert 88  100%")) + 30;
}

double TerritoryLegend::compactExpertEntry() const {
    // Swatch and gap (18), the largest number, a space, "100%" and a small right margin.
    const QString widest = QString::number(m_experts) + QStringLiteral(" 100%");
    return QFontMetricsF(m_font).horizontalAdvance(widest) + 26;
}

int TerritoryLegend::expertColumns(double width) const {
    return std::max(1, static_cast<int>(width / fullExpertEntry()));
}

TerritoryLegend::ClassColumns TerritoryLegend::classColumns(double width) const {
    const QFontMetricsF fm(m_font);
    double name = 0.0;
    for (const std::string& c : m_data.classNames) name = std::max(name, fm.horizontalAdvance(QString::fromStdString(c)));
    ClassColumns cc;
    cc.width = std::min(width, 18 + name + 12);
    cc.fit = std::max(1, static_cast<int>(width / cc.width));
    return cc;
}

void TerritoryLegend::paintExperts(QPainter& p, const QRectF& area, int columns) const {
    const QFont bold = boldFont();
    const double row = rowHeight();
    const double colW = area.width() / columns;
    p.setFont(bold);
    p.setPen(kText);
    // The longest heading that fits: a narrow legend column cannot take the full one.
    QString heading = tr("Experts");
    if (!m_load.empty())
        for (const QString& candidate : {tr("Experts  (share of routed test inputs)"), tr("Experts  (% routed)")})
            if (QFontMetricsF(bold).horizontalAdvance(candidate) <= area.width()) {
                heading = candidate;
                break;
            }
    p.drawText(QRectF(area.left(), area.top(), area.width(), row), Qt::AlignLeft | Qt::AlignVCenter, heading);
    p.setFont(m_font);
    const int experts = m_experts;
    const int rowsFit = std::max(1, static_cast<int>(area.height() / row) - 1);
    const int rowsAvail = std::min(rowsFit, (experts + columns - 1) / columns);  // balanced columns
    const int capacity = rowsAvail * columns;
    const int shown = experts <= capacity ? experts : capacity - 1;
    // Narrow columns name each expert by its number only, beside its colour.
    const bool compact = colW < fullExpertEntry();
    for (int e = 0; e < shown; ++e) {
        const double x = area.left() + (e / rowsAvail) * colW;
        const double y = area.top() + row * (1 + e % rowsAvail);
        const QRectF swatch(x, y + (row - 12) / 2, 12, 12);
        p.setPen(QPen(ExpertPalette::color(e).darker(140), 1.0));
        p.setBrush(ExpertPalette::color(e));
        p.drawRect(swatch);
        p.setPen(kText);
        p.drawText(QRectF(x + 18, y, colW - 18, row), Qt::AlignLeft | Qt::AlignVCenter,
                   compact ? QString::number(e + 1) : ExpertPalette::name(e));
        if (static_cast<std::size_t>(e) < m_load.size()) {
            p.setPen(kMuted);
            p.drawText(QRectF(x, y, colW - (compact ? 6 : 12), row), Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("%1%").arg(100.0 * m_load[static_cast<std::size_t>(e)], 0, 'f', 0));
        }
    }
    if (shown < experts) {
        const double x = area.left() + (shown / rowsAvail) * colW;
        const double y = area.top() + row * (1 + shown % rowsAvail);
        p.setPen(kMuted);
        p.drawText(QRectF(x, y, colW, row), Qt::AlignLeft | Qt::AlignVCenter, tr("+ %1 more").arg(experts - shown));
    }
}

void TerritoryLegend::paintDecision(QPainter& p, const QRectF& area, int aloneExpert,
                                    std::pair<float, float> valueRange) const {
    const QFont bold = boldFont();
    const double row = rowHeight();
    double y = area.top();
    const double x = area.left();
    if (aloneExpert >= 0) {
        p.setPen(QPen(ExpertPalette::color(aloneExpert).darker(140), 1.0));
        p.setBrush(ExpertPalette::color(aloneExpert));
        p.drawRect(QRectF(x, y + (row - 12) / 2, 12, 12));
        p.setFont(bold);
        p.setPen(kText);
        p.drawText(QRectF(x + 18, y, area.width() - 18, row), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("%1 alone").arg(ExpertPalette::name(aloneExpert)));
        y += row * 1.5;
    }
    p.setFont(bold);
    p.setPen(kText);
    if (m_data.task == moe::Task::Regression) {
        p.drawText(QRectF(x, y, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter, tr("Predicted value"));
        y += row;
        p.setFont(m_font);
        const auto [lo, hi] = valueRange;
        QLinearGradient g(x, 0, x + kRamp, 0);
        g.setColorAt(0.0, ClassPalette::valueFill(0.0));
        g.setColorAt(1.0, ClassPalette::valueFill(1.0));
        p.setPen(QPen(kFrame, 1.0));
        p.setBrush(g);
        p.drawRect(QRectF(x, y + 3, kRamp, 10));
        p.setPen(kMuted);
        p.drawText(QRectF(x, y + 14, kRamp, row), Qt::AlignLeft | Qt::AlignTop, QString::number(lo, 'g', 3));
        p.drawText(QRectF(x, y + 14, kRamp, row), Qt::AlignRight | Qt::AlignTop, QString::number(hi, 'g', 3));
        y += 2.5 * row;
        p.drawText(QRectF(x, y, area.width(), 2 * row), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   tr("Points: the true value, same scale"));
        return;
    }
    p.drawText(QRectF(x, y, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter, tr("Predicted class"));
    y += row;
    p.setFont(m_font);
    // Region colour with the class's marker on it: the region and the data it should hold.
    for (int c = 0; c < m_data.classCount() && y + row <= area.bottom(); ++c) {
        p.setPen(QPen(kFrame, 1.0));
        p.setBrush(ClassPalette::regionColor(c));
        p.drawRect(QRectF(x, y + 1, 22, row - 2));
        p.setPen(QPen(ClassPalette::outline(), 0.9));
        p.setBrush(ClassPalette::fill(c));
        p.drawPath(ClassPalette::markerPath(ClassPalette::shape(c), QPointF(x + 11, y + row / 2), 4.0));
        p.setPen(kText);
        p.drawText(QRectF(x + 28, y, area.width() - 28, row), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromStdString(m_data.classNames[static_cast<std::size_t>(c)]));
        y += row;
    }
    if (m_boundary && y + row <= area.bottom()) {
        p.setPen(boundaryPen());
        p.drawLine(QPointF(x, y + row / 2), QPointF(x + 22, y + row / 2));
        p.setPen(kText);
        p.drawText(QRectF(x + 28, y, area.width() - 28, row), Qt::AlignLeft | Qt::AlignVCenter, tr("Class boundary"));
    }
}

void TerritoryLegend::paintKey(QPainter& p, const QRectF& area) const {
    const QFont bold = boldFont();
    const double row = rowHeight();
    double y = area.top();
    auto heading = [&](const QString& text) {
        p.setFont(bold);
        p.setPen(kText);
        p.drawText(QRectF(area.left(), y, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter, text);
        p.setFont(m_font);
        y += row;
    };
    auto ramp = [&](const QColor& from, const QColor& to, const QString& low, const QString& high) {
        QLinearGradient g(area.left(), 0, area.left() + kRamp, 0);
        g.setColorAt(0.0, from);
        g.setColorAt(1.0, to);
        p.setPen(QPen(kFrame, 1.0));
        p.setBrush(g);
        p.drawRect(QRectF(area.left(), y + 3, kRamp, 10));
        p.setPen(kMuted);
        p.drawText(QRectF(area.left(), y + 14, kRamp, row), Qt::AlignLeft | Qt::AlignTop, low);
        p.drawText(QRectF(area.left(), y + 14, kRamp, row), Qt::AlignRight | Qt::AlignTop, high);
        y += row * 2;
    };

    const int experts = m_experts;
    heading(tr("Gate confidence"));
    ramp(ExpertPalette::shaded(0, TerritoryRenderer::strength(1.0 / experts, experts)),
         ExpertPalette::color(0), tr("1/E: unsure"), tr("1: sure"));
    y += row / 3;
    if (m_data.task == moe::Task::Regression) {
        heading(tr("Target value"));
        ramp(ClassPalette::valueFill(0.0), ClassPalette::valueFill(1.0), tr("low"), tr("high"));
        return;
    }
    heading(tr("Classes"));
    // As many columns as the classes need and the width allows (digits' ten classes fit
    // in two or three); what still does not fit is counted, never silently dropped.
    const int classes = m_data.classCount();
    const bool boundary = m_boundary;
    const int rowsLeft = std::max(1, static_cast<int>((area.bottom() - y) / row) - (boundary ? 1 : 0));
    const ClassColumns cc = classColumns(area.width());
    const double colWidth = cc.width;
    const int maxColumns = cc.fit;
    const int columns = std::clamp((classes + rowsLeft - 1) / rowsLeft, 1, maxColumns);
    const int rows = std::max(1, std::min(rowsLeft, (classes + columns - 1) / columns));
    const int shown = classes <= rows * columns ? classes : rows * columns - 1;
    for (int c = 0; c < shown; ++c) {
        const double x = area.left() + (c / rows) * colWidth;
        const double cy = y + (c % rows) * row;
        p.setPen(QPen(ClassPalette::outline(), 0.9));
        p.setBrush(ClassPalette::fill(c));
        p.drawPath(ClassPalette::markerPath(ClassPalette::shape(c), QPointF(x + 6, cy + row / 2), 4.0));
        p.setPen(kText);
        p.drawText(QRectF(x + 18, cy, colWidth - 18, row), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::fromStdString(m_data.classNames[static_cast<std::size_t>(c)]));
    }
    if (shown < classes) {
        p.setPen(kMuted);
        const double x = area.left() + (shown / rows) * colWidth;
        p.drawText(QRectF(x, y + (shown % rows) * row, area.right() - x, row), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("+ %1 more").arg(classes - shown));
    }
    y += rows * row;
    if (m_boundary && y + row <= area.bottom()) {
        p.setPen(boundaryPen());
        p.drawLine(QPointF(area.left(), y + row / 2), QPointF(area.left() + 14, y + row / 2));
        p.setPen(kText);
        p.drawText(QRectF(area.left() + 18, y, area.width() - 18, row), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("Decision boundary"));
    }
}

}  // namespace moe::ui
