#include "ui/scale/rank_load_view.h"

#include "ui/charts/expert_palette.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

const QColor kText(0x22, 0x22, 0x22);
const QColor kMuted(0x55, 0x55, 0x55);
const QColor kAxis(0xBB, 0xBB, 0xBB);

}  // namespace

RankLoadView::RankLoadView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void RankLoadView::setEstimate(const moe::ExpertParallelEstimate& ep) {
    m_ep = ep;
    m_has = !ep.rankLoad.empty();
    update();
}

void RankLoadView::clear() {
    m_has = false;
    update();
}

QSize RankLoadView::sizeHint() const { return {420, 8 * QFontMetrics(font()).height() + 40}; }
QSize RankLoadView::minimumSizeHint() const { return {160, sizeHint().height()}; }

void RankLoadView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_has) return;
    const QFontMetrics fm(font());
    const int R = m_ep.ranks;
    const double mean = 1.0 / R;
    const double most = std::max(*std::max_element(m_ep.rankLoad.begin(), m_ep.rankLoad.end()), mean) * 1.15;
    const auto percent = [](double v) { return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', v < 0.1 ? 2 : 1); };
    const int left = fm.horizontalAdvance(percent(most)) + 8;
    const int top = fm.height() + 6;
    const int bottom = height() - fm.height() - 4;
    const double plotW = width() - left - 4;
    const double barW = plotW / R;
    const auto yOf = [&](double share) { return bottom - share / most * (bottom - top); };

    p.setPen(kText);
    // The long title where it fits, the numbers alone in a narrow window.
    const QString numbers = tr("max / mean %1, MaxVio %2").arg(m_ep.imbalance, 0, 'f', 3).arg(m_ep.maxViolation, 0, 'f', 3);
    const QString title = tr("Routed work per rank: %1").arg(numbers);
    p.drawText(QRect(0, 0, width(), fm.height() + 2), Qt::AlignLeft | Qt::AlignVCenter,
               fm.horizontalAdvance(title) <= width() ? title : numbers);
    p.setPen(kAxis);
    p.drawLine(QPointF(left, bottom), QPointF(left + plotW, bottom));
    p.setPen(kMuted);
    p.drawText(QRect(0, top - fm.height() / 2, left - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter, percent(most));
    p.drawText(QRect(0, bottom - fm.height(), left - 4, fm.height()), Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0"));

    // Each rank's experts stacked, in the order of their numbers.
    std::vector<double> filled(static_cast<std::size_t>(R), 0.0);
    p.setPen(Qt::NoPen);
    const double gap = barW >= 6.0 ? 1.0 : 0.0;
    for (std::size_t e = 0; e < m_ep.rankOfExpert.size(); ++e) {
        const auto r = static_cast<std::size_t>(m_ep.rankOfExpert[e]);
        const double from = filled[r];
        filled[r] += m_ep.expertLoad[e];
        p.setBrush(ExpertPalette::color(static_cast<int>(e)));
        p.drawRect(QRectF(QPointF(left + static_cast<double>(r) * barW + gap, yOf(filled[r])),
                          QPointF(left + static_cast<double>(r + 1) * barW - gap, yOf(from))));
    }
    const auto b = static_cast<std::size_t>(m_ep.busiestRank);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(kText, 1.5));
    p.drawRect(QRectF(QPointF(left + static_cast<double>(b) * barW + gap, yOf(m_ep.rankLoad[b])),
                      QPointF(left + static_cast<double>(b + 1) * barW - gap, bottom)));
    p.setPen(QPen(kText, 1, Qt::DashLine));
    p.drawLine(QPointF(left, yOf(mean)), QPointF(left + plotW, yOf(mean)));
    p.setPen(kMuted);
    p.drawText(QRectF(left + 4, yOf(mean) - fm.height() - 1, plotW, fm.height()), Qt::AlignRight | Qt::AlignBottom,
               tr("even share 1/%1").arg(R));
    const int step = std::max(1, static_cast<int>(std::ceil((fm.horizontalAdvance(QString::number(R)) + 8) / barW)));
    for (int r = 0; r < R; r += step)
        p.drawText(QRectF(left + r * barW, bottom + 2, std::max(barW * step, 10.0), fm.height()),
                   Qt::AlignLeft | Qt::AlignTop, QString::number(r + 1));
    p.drawText(QRect(0, bottom + 2, left - 4, fm.height()), Qt::AlignRight | Qt::AlignTop, tr("rank"));
}

}  // namespace moe::ui
