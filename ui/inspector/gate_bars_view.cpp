#include "ui/inspector/gate_bars_view.h"

#include "ui/charts/expert_palette.h"
#include "ui/charts/presentation.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace moe::ui {
namespace {

constexpr ZoomedLength kLeft{40.0};    // tick labels and the rotated axis title
constexpr ZoomedLength kTop{20.0};     // room for the weight above a full bar
constexpr ZoomedLength kBottom{22.0};  // expert numbers
constexpr ZoomedLength kRight{8.0};

const QColor kText(0x22, 0x22, 0x22);
const QColor kMuted(0x66, 0x66, 0x66);
const QColor kGrid(0xE4, 0xE4, 0xE4);

}  // namespace

GateBarsView::GateBarsView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("gateBars"));
    setToolTip(tr("<p><b>Gate probabilities</b> of the selected input: how much the router "
                  "prefers each expert (the bars of one layer sum to 1). The router sends the "
                  "input to the experts drawn in full colour with a dark outline; <i>w</i> "
                  "on top is the combine weight its output gets. The dotted line is 1/E, a "
                  "gate with no preference. A hatched bar marked "
                  "<i>dropped</i> was chosen but capacity had no slot left for it, so its "
                  "weight is 0.</p>"));
    setMouseTracking(true);
}

void GateBarsView::setHighlightedExpert(int expert) {
    if (expert == m_highlighted) return;
    m_highlighted = expert;
    update();
}

int GateBarsView::expertAt(QPointF pos) const {
    const int experts = static_cast<int>(m_layer.gate.size());
    const QRectF plot = plotRect();
    if (experts == 0 || pos.x() < plot.left() || pos.x() >= plot.right() || pos.y() < 0 || pos.y() > height()) return -1;
    return std::clamp(static_cast<int>((pos.x() - plot.left()) / (plot.width() / experts)), 0, experts - 1);
}

void GateBarsView::hover(int expert) {
    if (expert == m_hovered) return;
    m_hovered = expert;
    setHighlightedExpert(expert);
    emit expertHovered(expert);
}

void GateBarsView::mouseMoveEvent(QMouseEvent* event) {
    hover(expertAt(event->position()));
    QWidget::mouseMoveEvent(event);
}

void GateBarsView::leaveEvent(QEvent* event) {
    hover(-1);
    QWidget::leaveEvent(event);
}

void GateBarsView::setLayer(const moe::LayerInspection& layer) {
    m_layer = layer;
    update();
}

void GateBarsView::clear() {
    m_layer = {};
    update();
}

const moe::ExpertAnswer* GateBarsView::answerFor(int expert) const {
    for (const moe::ExpertAnswer& a : m_layer.chosen)
        if (a.expert == expert) return &a;
    return nullptr;
}

QRectF GateBarsView::plotRect() const {
    return QRectF(kLeft, kTop, std::max(10.0, width() - kLeft - kRight), std::max(10.0, height() - kTop - kBottom));
}

QRectF GateBarsView::barRect(int expert) const {
    const int experts = static_cast<int>(m_layer.gate.size());
    if (expert < 0 || expert >= experts) return {};
    const QRectF plot = plotRect();
    const double slot = plot.width() / experts;
    const double gap = std::min(8.0, slot * 0.25);
    const double p = std::clamp(static_cast<double>(m_layer.gate[static_cast<std::size_t>(expert)]), 0.0, 1.0);
    const double h = p * plot.height();
    return QRectF(plot.left() + expert * slot + gap / 2, plot.bottom() - h, slot - gap, h);
}

QString GateBarsView::labelText(const moe::ExpertAnswer& a) const {
    return a.kept ? tr("w %1").arg(a.weight, 0, 'f', 2) : tr("dropped");
}

QRectF GateBarsView::labelRect(int expert) const {
    if (!answerFor(expert)) return {};
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF fm(bold);
    // Left to right, each label sits just above its bar, or higher when that would cover
    // a label already placed (two chosen neighbours of similar height), but never above
    // the widget.
    std::vector<int> chosen;
    for (const moe::ExpertAnswer& a : m_layer.chosen)
        if (a.expert >= 0 && a.expert < static_cast<int>(m_layer.gate.size())) chosen.push_back(a.expert);
    std::sort(chosen.begin(), chosen.end());
    std::vector<QRectF> placed;
    for (int e : chosen) {
        const QRectF bar = barRect(e);
        const double w = fm.horizontalAdvance(labelText(*answerFor(e))) + 4;
        QRectF box(bar.center().x() - w / 2, bar.top() - fm.height() - 1, w, fm.height());
        box.moveLeft(std::clamp(box.left(), 0.0, std::max(0.0, width() - w)));
        for (;;) {
            const auto hit = std::find_if(placed.begin(), placed.end(), [&](const QRectF& o) { return box.intersects(o); });
            if (hit == placed.end() || hit->top() - 1 - box.height() < 0.0) break;
            box.moveBottom(hit->top() - 1);
        }
        if (e == expert) return box;
        placed.push_back(box);
    }
    return {};
}

void GateBarsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF plot = plotRect();
    const QFontMetricsF fm(font());
    // Grid and probability axis.
    for (double v : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        const double y = plot.bottom() - v * plot.height();
        p.setPen(QPen(v == 0.0 ? kMuted : kGrid, 1.0));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        if (v == 0.25 || v == 0.75) continue;
        p.setPen(kMuted);
        p.drawText(QRectF(0, y - fm.height() / 2, kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'g', 2));
    }
    p.save();
    p.translate(10, plot.center().y());
    p.rotate(-90);
    p.setPen(kText);
    // Where the plot is too short for the words (a short inspector, a large zoom), the symbol.
    const QString title = fm.horizontalAdvance(tr("gate probability")) <= plot.height() ? tr("gate probability")
                                                                                         : tr("p");
    p.drawText(QRectF(-plot.height() / 2, -fm.height() / 2, plot.height(), fm.height()), Qt::AlignCenter, title);
    p.restore();
    const int experts = static_cast<int>(m_layer.gate.size());
    if (experts == 0) {
        p.setPen(kMuted);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Hover over or click a point of the map or of the data to see its gate."));
        return;
    }
    // A line at 1/E: what a gate with no preference would give every expert.
    const double chance = plot.bottom() - plot.height() / experts;
    p.setPen(QPen(kMuted, 1.0, Qt::DotLine));
    p.drawLine(QPointF(plot.left(), chance), QPointF(plot.right(), chance));

    const double slot = plot.width() / experts;
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(fm.horizontalAdvance(QStringLiteral("88")) * 1.6 / slot)));
    for (int e = 0; e < experts; ++e) {
        const QRectF bar = barRect(e);
        const moe::ExpertAnswer* a = answerFor(e);
        const QColor colour = ExpertPalette::color(e);
        if (a) {
            p.setPen(QPen(kText, 1.6));
            p.setBrush(colour);
        } else {
            p.setPen(QPen(colour.darker(115), 1.0));
            p.setBrush(ExpertPalette::shaded(e, 0.35));
        }
        p.drawRect(bar.height() < 1.0 ? bar.adjusted(0, -1, 0, 0) : bar);
        if (a && !a->kept) {
            p.setBrush(QBrush(kText, Qt::BDiagPattern));
            p.setPen(Qt::NoPen);
            p.drawRect(bar);
        }
        if (a) {
            p.setPen(a->kept ? kText : QColor(0xB0, 0x20, 0x20));
            QFont f = font();
            f.setBold(true);
            p.setFont(f);
            p.drawText(labelRect(e), Qt::AlignHCenter | Qt::AlignBottom, labelText(*a));
            p.setFont(font());
        }
        if (e == m_highlighted) {
            // The expert pointed at here or in the formula view: a frame around its slot.
            p.setPen(QPen(palette().color(QPalette::Highlight), 2.0));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRectF(bar.center().x() - slot / 2 + 1, plot.top(), slot - 2, plot.height()));
        }
        if (e % labelEvery == 0 || a) {
            p.setPen(a ? kText : kMuted);
            p.drawText(QRectF(bar.center().x() - slot, plot.bottom() + 3, 2 * slot, fm.height()),
                       Qt::AlignHCenter | Qt::AlignTop, QString::number(e + 1));
        }
    }
}

}  // namespace moe::ui
