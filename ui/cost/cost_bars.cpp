#include "ui/cost/cost_bars.h"

#include "ui/cost/cost_table_model.h"

#include <QPainter>

#include <algorithm>
#include <array>

namespace moe::ui {
namespace {

const QColor kGate(0x4D, 0x4D, 0x4D);
const QColor kExperts(0x8C, 0x8C, 0x8C);
const QColor kCombine(0xC8, 0xC8, 0xC8);
const QColor kDense(0xA6, 0xA6, 0xA6);
const QColor kText(0x22, 0x22, 0x22);
const QColor kMuted(0x66, 0x66, 0x66);

constexpr int kRow = 19;
constexpr int kKeyRow = 16;

}  // namespace

CostBars::CostBars(QWidget* parent) : QWidget(parent) {
    setToolTip(tr("<p>FLOPs per input, forward pass, on one scale. The MoE pays for its gate, its "
                  "k chosen experts and the weighted combine; the dense model with equal "
                  "parameters pays for all of its width on every input.</p>"));
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void CostBars::setCost(const moe::CostReport& cost) {
    m_cost = cost;
    m_has = true;
    update();
}

void CostBars::clear() {
    m_has = false;
    update();
}

QSize CostBars::sizeHint() const { return {360, heightForWidth(360)}; }
QSize CostBars::minimumSizeHint() const { return {220, heightForWidth(220)}; }  // fits a 1024 px window

int CostBars::labelWidth() const { return QFontMetrics(font()).horizontalAdvance(tr("Dense = compute")) + 14; }

QList<CostBars::KeyEntry> CostBars::keyLayout(int width) const {
    const QFontMetrics fm(font());
    QList<KeyEntry> entries;
    for (auto [name, color] : {std::pair{tr("gate"), kGate}, std::pair{tr("experts"), kExperts},
                               std::pair{tr("combine"), kCombine}, std::pair{tr("dense"), kDense}})
        entries.append({name, color, {}});
    auto entryWidth = [&](const KeyEntry& e) { return 14 + fm.horizontalAdvance(e.name); };
    int oneRow = 0;
    for (const KeyEntry& e : entries) oneRow += entryWidth(e) + 14;
    // Under the bars when the key fits there in one row, else from the left edge in rows.
    const int left = labelWidth() + oneRow - 14 <= width ? labelWidth() : 0;
    int x = left;
    int y = 3 * kRow + 5;
    for (KeyEntry& e : entries) {
        if (x > left && x + entryWidth(e) > width) {
            x = left;
            y += kKeyRow;
        }
        e.at = QPoint(x, y);
        x += entryWidth(e) + 14;
    }
    return entries;
}

int CostBars::heightForWidth(int width) const { return keyLayout(width).constLast().at.y() + kKeyRow + 3; }

void CostBars::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_has) return;
    const QFontMetrics fm(font());
    const int labelW = labelWidth();
    const double maxFlops = std::max({m_cost.moe.flopsPerSample, m_cost.denseEqualParams.flopsPerSample,
                                      m_cost.denseEqualCompute.flopsPerSample, 1.0});
    const int valueW = fm.horizontalAdvance(QStringLiteral("000,000,000")) + 8;
    const double barW = std::max(40, width() - labelW - valueW - 8);
    auto barRect = [&](int row, double from, double flops) {
        return QRectF(labelW + from / maxFlops * barW, row * kRow + 4, flops / maxFlops * barW, kRow - 8);
    };
    struct Row {
        QString name;
        const moe::ModelCost* cost;
    };
    const std::array<Row, 3> rows{{{tr("MoE"), &m_cost.moe},
                                   {tr("Dense = params"), &m_cost.denseEqualParams},
                                   {tr("Dense = compute"), &m_cost.denseEqualCompute}}};
    for (int r = 0; r < 3; ++r) {
        const moe::ModelCost& c = *rows[static_cast<std::size_t>(r)].cost;
        p.setPen(kText);
        p.drawText(QRect(0, r * kRow, labelW - 8, kRow), Qt::AlignRight | Qt::AlignVCenter,
                   rows[static_cast<std::size_t>(r)].name);
        p.setPen(Qt::NoPen);
        if (r == 0) {
            double x = 0.0;
            for (auto [flops, color] : {std::pair{c.gateFlops, kGate}, std::pair{c.expertFlops, kExperts},
                                        std::pair{c.combineFlops, kCombine}}) {
                p.setBrush(color);
                p.drawRect(barRect(r, x, flops));
                x += flops;
            }
        } else {
            p.setBrush(kDense);
            p.drawRect(barRect(r, 0.0, c.flopsPerSample));
        }
        const QRectF bar = barRect(r, 0.0, c.flopsPerSample);
        p.setPen(kMuted);
        p.drawText(QRectF(bar.right() + 6, r * kRow, valueW, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   CostTableModel::formatCount(c.flopsPerSample));
    }
    // Legend of the MoE's parts.
    for (const KeyEntry& e : keyLayout(width())) {
        p.setPen(Qt::NoPen);
        p.setBrush(e.color);
        p.drawRect(QRectF(e.at.x(), e.at.y() + 3, 10, 10));
        p.setPen(kMuted);
        p.drawText(QRect(e.at.x() + 14, e.at.y(), 200, kKeyRow), Qt::AlignLeft | Qt::AlignVCenter, e.name);
    }
}

}  // namespace moe::ui
