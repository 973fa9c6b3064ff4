#include "ui/trace/trace_consistency_view.h"

#include "ui/charts/chart_style.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace moe::ui {

TraceConsistencyView::TraceConsistencyView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("traceConsistencyView"));
    setToolTip(tr("Routing consistency across layers: how often a token's expert at one MoE layer predicts its "
                  "expert at the next"));
    m_chart = ChartStyle::chart();
    m_chart->setTitle(tr("Routing consistency between consecutive MoE layers"));
    m_same = ChartStyle::lineSeries(tr("Same first choice"), QColor(0x00, 0x72, 0xB2), 2.4, Qt::SolidLine);
    m_chance = ChartStyle::lineSeries(tr("By chance"), QColor(0x8A, 0x8A, 0x8A), 1.8, Qt::DotLine);
    m_nmi = ChartStyle::lineSeries(tr("NMI"), QColor(0xD5, 0x5E, 0x00), 2.2, Qt::SolidLine);
    m_overlap = ChartStyle::lineSeries(tr("Set overlap"), QColor(0x00, 0x9E, 0x73), 2.0, Qt::DashLine);
    m_x = ChartStyle::valueAxis(tr("From MoE layer (network index) to the next"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y = ChartStyle::valueAxis(tr("Share · NMI"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* s : {m_same, m_chance, m_nmi, m_overlap}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        connect(s, &QLineSeries::hovered, this, [this](const QPointF& point, bool state) {
            if (!state || m_trace.isEmpty()) return;
            for (const moe::LayerConsistency& c : m_trace.stats->consistency)
                if (std::lround(point.x()) == c.fromLayer) {
                    QToolTip::showText(QCursor::pos(),
                                       tr("Layer %1 → %2<br>same first choice %3 (by chance %4)<br>first-choice NMI %5"
                                          "<br>chosen-set overlap %6")
                                           .arg(c.fromLayer)
                                           .arg(c.toLayer)
                                           .arg(c.sameTop1, 0, 'f', 3)
                                           .arg(c.sameTop1Chance, 0, 'f', 3)
                                           .arg(std::isfinite(c.top1Nmi) ? QString::number(c.top1Nmi, 'f', 3)
                                                                         : QStringLiteral("–"))
                                           .arg(c.setOverlap, 0, 'f', 3),
                                       m_view);
                    return;
                }
        });
    }
    m_chart->legend()->setVisible(true);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_view = new QChartView(m_chart);
    m_view->setObjectName(QStringLiteral("traceConsistencyChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(240, 180);
    m_view->setToolTip(tr("<p>Between each MoE layer and the next, over every token:<br><b>Same first choice</b>: "
                          "the share whose first choice has the same expert id in both (dotted: the share independent "
                          "choices would give).<br><b>NMI</b>: I(first choice here; there) / H(there) - how well "
                          "the first choice here predicts the one there, whatever the ids.<br><b>Overlap</b>: mean "
                          "share of the k chosen experts chosen again.</p>"));
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_note);
    layout->addWidget(m_view, 1);
    setTrace({});
}

QString TraceConsistencyView::noteText() const { return m_note->text(); }

void TraceConsistencyView::setTrace(const LoadedTrace& trace) {
    m_trace = trace;
    QList<QPointF> same, chance, nmi, overlap;
    if (!trace.isEmpty())
        for (const moe::LayerConsistency& c : trace.stats->consistency) {
            const double x = c.fromLayer;
            same << QPointF(x, c.sameTop1);
            chance << QPointF(x, c.sameTop1Chance);
            if (std::isfinite(c.top1Nmi)) nmi << QPointF(x, c.top1Nmi);
            overlap << QPointF(x, c.setOverlap);
        }
    m_same->replace(same);
    m_chance->replace(chance);
    m_nmi->replace(nmi);
    m_overlap->replace(overlap);
    const bool points = same.size() <= 24;
    for (QLineSeries* s : {m_same, m_chance, m_nmi, m_overlap}) s->setPointsVisible(points);
    double top = 0.0;
    for (const QList<QPointF>* series : {&same, &chance, &nmi, &overlap})
        for (const QPointF& p : *series) top = std::max(top, p.y());
    if (same.isEmpty()) {
        ChartStyle::setRange(m_x, 0.0, 1.0);
    } else {
        // Whole layer numbers, a tick every 1, 2, 5 or 10 layers as they fit.
        const double lo = same.first().x(), hi = same.last().x();
        const double span = hi - lo;
        m_x->setTickType(QValueAxis::TicksDynamic);
        m_x->setTickAnchor(lo);
        m_x->setTickInterval(span <= 12 ? 1.0 : span <= 24 ? 2.0 : span <= 60 ? 5.0 : 10.0);
        ChartStyle::setRange(m_x, lo - 0.5, hi + 0.5);
    }
    // Shares and NMI lie in [0, 1]; small values get the room they need to be read.
    ChartStyle::setNiceRange(m_y, 0.0, std::clamp(top * 1.1, 0.05, 1.0), 6);
    if (trace.isEmpty()) m_note->setText(tr("No routing trace is open."));
    else if (trace.trace->countsOnly)
        m_note->setText(tr("A count-only trace has no tokens to follow from one layer to the next."));
    else if (trace.stats->consistency.empty())
        m_note->setText(tr("The trace has one MoE layer: there is no next layer to compare with."));
    else {
        double meanSame = 0.0, meanNmi = 0.0;
        int nmiCount = 0;
        for (const moe::LayerConsistency& c : trace.stats->consistency) {
            meanSame += c.sameTop1;
            if (std::isfinite(c.top1Nmi)) meanNmi += c.top1Nmi, ++nmiCount;
        }
        meanSame /= static_cast<double>(trace.stats->consistency.size());
        m_note->setText(tr("Over %1 layer pairs: the first choice names the same expert %2% of the time on average; "
                           "it predicts the next layer's first choice with a mean NMI of %3 (0 = no information, "
                           "1 = fully determined). Hover a point for its numbers.")
                            .arg(trace.stats->consistency.size())
                            .arg(100.0 * meanSame, 0, 'f', 1)
                            .arg(nmiCount ? meanNmi / nmiCount : 0.0, 0, 'f', 3));
    }
}

}  // namespace moe::ui
