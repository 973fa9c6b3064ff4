#include "ui/scale/placement_grid_view.h"

#include "ui/charts/expert_palette.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

const QColor kEmpty(0xF2, 0xF2, 0xF2);
const QColor kGrid(0xFF, 0xFF, 0xFF);
const QColor kMuted(0x55, 0x55, 0x55);

// A label every `step` cells so that labels `room` apart do not overlap.
int labelStep(double cell, int room) { return std::max(1, static_cast<int>(std::ceil(room / std::max(cell, 0.1)))); }

}  // namespace

PlacementGridView::PlacementGridView(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void PlacementGridView::setEstimate(const moe::ExpertParallelEstimate& ep) {
    m_ep = ep;
    m_has = !ep.rankOfExpert.empty();
    updateGeometry();
    update();
}

void PlacementGridView::clear() {
    m_has = false;
    updateGeometry();
    update();
}

int PlacementGridView::leftMargin() const {
    return QFontMetrics(font()).horizontalAdvance(tr("rank %1").arg(std::max(m_ep.ranks, 10))) + 8;
}
int PlacementGridView::topMargin() const { return 2 * QFontMetrics(font()).height() + 4; }

double PlacementGridView::cellHeight(int width) const {
    if (!m_has) return 10.0;
    const double cellW = (width - leftMargin()) / static_cast<double>(m_ep.rankOfExpert.size());
    // Square cells while they are big enough to see, at least 4 px rows for many ranks, and
    // never taller than 640 px in all (a typed 100000 ranks would make a page of rows).
    const double cellH = std::clamp(cellW, 4.0, 16.0);
    return std::min(cellH, 640.0 / std::max(m_ep.ranks, 1));
}

int PlacementGridView::heightForWidth(int width) const {
    const int rows = m_has ? m_ep.ranks : 4;
    return topMargin() + static_cast<int>(std::ceil(rows * cellHeight(width))) + 4;
}

QSize PlacementGridView::sizeHint() const { return {420, heightForWidth(420)}; }
QSize PlacementGridView::minimumSizeHint() const { return {160, heightForWidth(160)}; }

void PlacementGridView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_has) return;
    const QFontMetrics fm(font());
    const int E = static_cast<int>(m_ep.rankOfExpert.size());
    const int R = m_ep.ranks;
    const int left = leftMargin();
    const int top = topMargin();
    const double cellW = (width() - left) / static_cast<double>(E);
    const double cellH = cellHeight(width());
    const double most = std::max(1e-12, *std::max_element(m_ep.expertLoad.begin(), m_ep.expertLoad.end()));

    p.setPen(kMuted);
    p.drawText(QRect(left, 0, width() - left, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("experts (counted from 1) →"));
    const int expertStep = labelStep(cellW, fm.horizontalAdvance(QString::number(E)) + 6);
    for (int e = 0; e < E; e += expertStep) {
        const QString label = QString::number(e + 1);
        const double x = left + e * cellW;
        if (x + fm.horizontalAdvance(label) > width()) break;  // whole numbers only, none cut at the edge
        p.drawText(QRectF(x, fm.height() + 2, fm.horizontalAdvance(label) + 2, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   label);
    }
    const int rankStep = labelStep(cellH, fm.height());
    for (int r = 0; r < R; r += rankStep)
        p.drawText(QRectF(0, top + r * cellH + cellH / 2 - fm.height() / 2.0, left - 6, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, tr("rank %1").arg(r + 1));

    p.setPen(Qt::NoPen);
    p.setBrush(kEmpty);
    p.drawRect(QRectF(left, top, E * cellW, R * cellH));
    for (int e = 0; e < E; ++e) {
        const int r = m_ep.rankOfExpert[static_cast<std::size_t>(e)];
        const double load = m_ep.expertLoad[static_cast<std::size_t>(e)] / most;
        p.setBrush(ExpertPalette::shaded(e, 0.35 + 0.65 * load));
        p.drawRect(QRectF(left + e * cellW, top + r * cellH, cellW, cellH));
    }
    if (cellW >= 6.0 && cellH >= 6.0) {
        p.setPen(QPen(kGrid, 1));
        for (int e = 1; e < E; ++e) p.drawLine(QPointF(left + e * cellW, top), QPointF(left + e * cellW, top + R * cellH));
        for (int r = 1; r < R; ++r) p.drawLine(QPointF(left, top + r * cellH), QPointF(left + E * cellW, top + r * cellH));
    }
}

}  // namespace moe::ui
