#include "ui/cost/pareto_view.h"

#include "ui/charts/axis_ticks.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/presentation.h"
#include "ui/cost/cost_table_model.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace moe::ui {
namespace {

const QColor kMoe(0x1A, 0x1A, 0x1A);
const QColor kDenseParams(0x6E, 0x6E, 0x6E);
const QColor kDenseCompute(0xA8, 0xA8, 0xA8);
// The selected k: a larger black dot ringed in white, its label bold. Neutral on purpose:
// every saturated hue is some expert's colour elsewhere in the program (vermillion, used
// here before, is expert 4's).
const QColor kHighlight(0x11, 0x11, 0x11);


QScatterSeries* makeDots(const QString& name, QScatterSeries::MarkerShape shape, const QColor& fill,
                         const QColor& border, qreal size) {
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setMarkerShape(shape);
    s->setMarkerSize(size);
    s->setColor(fill);
    s->setBorderColor(border);
    return s;
}

QString percent(double fraction) { return QStringLiteral("%1%").arg(100.0 * fraction, 0, 'f', 1); }

}  // namespace

ParetoView::ParetoView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("paretoView"));
    m_chart = ChartStyle::chart();
    m_chart->setMargins(QMargins(2, 2, 8, 2));
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_x = ChartStyle::valueAxis(tr("FLOPs per input (forward pass)"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y = ChartStyle::valueAxis(tr("Test accuracy (%)"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);

    m_moeLine = new QLineSeries;
    m_moeLine->setPen(QPen(kMoe, 2.0));
    m_moeDots = makeDots(tr("MoE, k = 1…E"), QScatterSeries::MarkerShapeCircle, kMoe, kMoe, 8.0);
    m_trained = makeDots(tr("trained k"), QScatterSeries::MarkerShapeCircle, Qt::white, kMoe, 15.0);
    m_trained->setPen(QPen(kMoe, 2.0));
    m_trained->setBrush(Qt::NoBrush);
    m_selected = makeDots(tr("selected k"), QScatterSeries::MarkerShapeCircle, kHighlight, Qt::white, 13.0);
    m_selected->setPen(QPen(Qt::white, 2.0));
    m_denseParams = makeDots(tr("dense = params"), QScatterSeries::MarkerShapeRectangle, kDenseParams, kDenseParams, 11.0);
    m_denseCompute = makeDots(tr("dense = compute"), QScatterSeries::MarkerShapeTriangle, kDenseCompute, kDenseParams, 13.0);
    // The baselines are drawn last: a dense model costing what the trained k costs stays
    // visible on top of the highlighted point.
    for (QXYSeries* s : std::initializer_list<QXYSeries*>{m_moeLine, m_trained, m_moeDots, m_selected,
                                                          m_denseParams, m_denseCompute}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    // The line joins the dots; the selected point is explained by the line under the chart.
    for (QXYSeries* s : std::initializer_list<QXYSeries*>{m_moeLine, m_selected})
        for (QLegendMarker* marker : m_chart->legend()->markers(s)) marker->setVisible(false);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        placeLabels();
        fitYTitle();
    });

    auto* view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);

    m_kSpin = new QSpinBox(this);
    m_kSpin->setObjectName(QStringLiteral("paretoTopK"));
    m_kSpin->setPrefix(tr("k = "));
    m_kSpin->setRange(1, 1);
    m_kSpin->setEnabled(false);
    m_kSpin->setToolTip(tr("<p>Experts each input is routed to <b>at inference</b>. The weights stay "
                           "those trained with the training k; only the router's choice widens or "
                           "narrows. Fewer experts cost fewer FLOPs and usually lose some accuracy; "
                           "more experts cost more and help only if the experts learned to "
                           "cooperate.</p>"));
    auto* kLabel = new QLabel(tr("Top-k at &inference:"), this);
    kLabel->setBuddy(m_kSpin);
    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("paretoReadout"));
    m_readout->setWordWrap(true);
    m_readout->setTextFormat(Qt::RichText);
    connect(m_kSpin, &QSpinBox::valueChanged, this, [this](int k) {
        updateHighlight();
        emit selectedKChanged(k);
    });

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(6, 0, 6, 0);
    controls->addWidget(kLabel);
    controls->addWidget(m_kSpin);
    controls->addWidget(m_readout, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(view, 1);
    layout->addLayout(controls);
    setToolTip(tr("<p><b>The Pareto view</b>: the trained MoE evaluated on the test split with its "
                  "top-k changed at inference, from 1 expert per input to all E, against the FLOPs "
                  "each k costs. The dense baselines are single points. Up and to the left is "
                  "better: more accuracy for less compute. For regression the score is the test "
                  "R²: 1 is perfect, 0 no better than predicting the mean.</p>"));

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);  // <= 20 redraws a second
    connect(&m_redrawTimer, &QTimer::timeout, this, &ParetoView::redraw);
    redraw();
}

void ParetoView::setData(const std::vector<moe::TopKPoint>& sweep, const moe::CostReport& cost,
                         const moe::EpochSnapshot& last, moe::Task task, int trainingK, moe::RouterKind router) {
    m_sweep = sweep;
    m_cost = cost;
    m_last = last;
    m_task = task;
    m_trainingK = trainingK;
    m_router = router;
    m_has = true;
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void ParetoView::clear() {
    m_sweep.clear();
    m_has = false;
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void ParetoView::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

double ParetoView::score(const moe::ModelMetrics& m) const {
    return m_task == moe::Task::Regression ? m.testR2 : 100.0 * m.testAccuracy;
}

int ParetoView::selectedK() const { return m_sweep.empty() ? 0 : m_kSpin->value(); }

void ParetoView::setSelectedK(int k) { m_kSpin->setValue(k); }

QList<QPointF> ParetoView::moePoints() const { return m_moeDots->points(); }

QPointF ParetoView::highlightedPoint() const {
    return m_selected->count() > 0 ? m_selected->at(0) : QPointF(qQNaN(), qQNaN());
}

QPointF ParetoView::denseParamsPoint() const {
    return m_denseParams->count() > 0 ? m_denseParams->at(0) : QPointF(qQNaN(), qQNaN());
}

QPointF ParetoView::denseComputePoint() const {
    return m_denseCompute->count() > 0 ? m_denseCompute->at(0) : QPointF(qQNaN(), qQNaN());
}

QString ParetoView::readoutText() const { return m_readout->text(); }

void ParetoView::fitYTitle() {
    // The vertical title runs along the plot: short enough for it ("Test R² (1 = perfect)" was
    // cut to "Test R² (1 = per…", "Test accuracy (%)" to "Test accurac…" in a 200-pixel
    // chart); the tooltip says what R² means.
    const bool regression = m_task == moe::Task::Regression;
    QString title = regression ? tr("Test R²") : tr("Test accuracy (%)");
    if (QFontMetrics(m_y->titleFont()).horizontalAdvance(title) + 8 > m_chart->plotArea().height())
        title = regression ? tr("R²") : tr("Accuracy (%)");
    if (m_y->titleText() != title) m_y->setTitleText(title);
}

void ParetoView::redraw() {
    const bool regression = m_task == moe::Task::Regression;
    fitYTitle();
    QList<QPointF> moe;
    for (const moe::TopKPoint& p : m_sweep) {
        const double y = score(p.metrics);
        if (std::isfinite(y)) moe.append({p.cost.flopsPerSample, y});
    }
    if (m_has && m_sweep.empty()) {
        // No k to vary: the trained MoE is a single point.
        const double y = score(m_last.moe);
        if (std::isfinite(y)) moe.append({m_cost.moe.flopsPerSample, y});
    }
    m_moeLine->replace(moe);
    m_moeDots->replace(moe);
    // The ring marks the trained k on the sweep itself (computed from the same weights as
    // its neighbours); without a sweep, the trained model's own last evaluation.
    QList<QPointF> trained;
    const auto trainedIndex = static_cast<std::size_t>(std::max(0, m_trainingK - 1));
    if (trainedIndex < m_sweep.size()) {
        const double y = score(m_sweep[trainedIndex].metrics);
        if (std::isfinite(y)) trained.append({m_sweep[trainedIndex].cost.flopsPerSample, y});
    } else if (m_has) {
        const double y = score(m_last.moe);
        if (std::isfinite(y)) trained.append({m_cost.moe.flopsPerSample, y});
    }
    m_trained->replace(trained);
    auto single = [&](QScatterSeries* s, const moe::ModelMetrics& m, const moe::ModelCost& c) {
        const double y = score(m);
        s->replace(m_has && std::isfinite(y) ? QList<QPointF>{{c.flopsPerSample, y}} : QList<QPointF>{});
    };
    single(m_denseParams, m_last.denseEqualParams, m_cost.denseEqualParams);
    single(m_denseCompute, m_last.denseEqualCompute, m_cost.denseEqualCompute);

    // Axes: from 0 FLOPs (compute is a quantity with a true zero) to a little past the largest.
    double xMax = 1.0, yMin = regression ? 1.0 : 100.0, yMax = regression ? 0.0 : 0.0;
    for (const QXYSeries* s : {static_cast<QXYSeries*>(m_moeDots), static_cast<QXYSeries*>(m_denseParams),
                               static_cast<QXYSeries*>(m_denseCompute)})
        for (const QPointF& p : s->points()) {
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    // Ticks at 1, 2, 2.5 or 5 x 10^n steps, the range ending on a tick just past the data.
    const AxisTicks xt = AxisTicks::compute(0.0, xMax * 1.08, 5);
    const double xStep = xt.step > 0.0 ? xt.step : 1.0;
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0.0);
    m_x->setTickInterval(xStep);
    m_x->setRange(0.0, std::ceil(xMax * 1.08 / xStep) * xStep);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0.0);
    if (regression) {
        // Room under the lowest point for its marker and its label (R² -0.29 sat on the edge).
        const double low = std::min(yMin, 0.0);
        const double lo = std::max(-1.0, std::floor((low - 0.1 * (1.02 - low)) * 10.0) / 10.0);
        m_y->setRange(lo, 1.02);  // a little headroom: a point at R² 1 stays whole
        m_y->setTickInterval(1.0 - lo > 1.0 ? 0.5 : 0.2);
        m_y->setLabelFormat(QStringLiteral("%.1f"));
    } else {
        const double lo = std::max(0.0, std::floor((std::min(yMin, yMax) - 2.0) / 10.0) * 10.0);
        m_y->setRange(lo, 102.0);
        m_y->setTickInterval(100.0 - lo > 50.0 ? 20.0 : 100.0 - lo > 20.0 ? 10.0 : 5.0);
        m_y->setLabelFormat(QStringLiteral("%.0f"));
    }

    const int experts = m_sweep.empty() ? 1 : static_cast<int>(m_sweep.size());
    const QSignalBlocker block(m_kSpin);
    const bool keep = m_kSpin->isEnabled() && m_kSpin->maximum() == experts;
    m_kSpin->setRange(1, experts);
    m_kSpin->setEnabled(!m_sweep.empty());
    if (!keep) m_kSpin->setValue(std::clamp(m_trainingK, 1, experts));
    updateHighlight();
}

void ParetoView::updateHighlight() {
    for (QGraphicsSimpleTextItem* label : m_kLabels) delete label->parentItem();  // its backing, and it
    m_kLabels.clear();
    if (!m_has) {
        m_selected->clear();
        m_readout->setText(tr("Waiting for the models…"));
        return;
    }
    if (m_sweep.empty()) {
        m_selected->clear();
        m_readout->setText(tr("The <b>%1</b> router has no top-k to vary: it decides how many experts an "
                              "input gets by its own rule. Choose softmax-topk, noisy-topk, sigmoid-bias "
                              "or hash to sweep k.")
                               .arg(QString::fromLatin1(moe::routerName(m_router))));
        return;
    }
    const int k = std::clamp(m_kSpin->value(), 1, static_cast<int>(m_sweep.size()));
    const moe::TopKPoint& p = m_sweep[static_cast<std::size_t>(k - 1)];
    const double y = score(p.metrics);
    m_selected->replace(std::isfinite(y) ? QList<QPointF>{{p.cost.flopsPerSample, y}} : QList<QPointF>{});
    for (const moe::TopKPoint& q : m_sweep) {
        // On a white backing, so that a grid line behind it does not strike it out.
        auto* backing = new QGraphicsRectItem(m_chart);
        backing->setPen(Qt::NoPen);
        backing->setBrush(QColor(255, 255, 255, 230));
        backing->setZValue(50.0);  // above the chart's grid and series, which keep clear of it
        auto* label = new QGraphicsSimpleTextItem(QStringLiteral("k=%1").arg(q.k), backing);
        QFont f = label->font();
        f.setPointSizeF(8.0 * Presentation::instance()->zoom());
        f.setBold(q.k == k);
        label->setFont(f);
        label->setBrush(q.k == k ? kHighlight : QColor(0x44, 0x44, 0x44));
        label->setData(0, q.cost.flopsPerSample);
        label->setData(1, score(q.metrics));
        // The widest marker drawn on this point: the trained ring, the selected dot or a dot.
        label->setData(2, q.k == m_trainingK ? m_trained->markerSize()
                                             : q.k == k ? m_selected->markerSize() : m_moeDots->markerSize());
        backing->setRect(label->boundingRect().adjusted(-1.0, 0.0, 1.0, 0.0));
        m_kLabels.append(label);
    }
    placeLabels();

    const bool regression = m_task == moe::Task::Regression;
    const QString value = regression ? QStringLiteral("R² %1").arg(p.metrics.testR2, 0, 'f', 3)
                                     : tr("%1 accuracy").arg(percent(p.metrics.testAccuracy));
    const double dense = m_cost.denseEqualParams.flopsPerSample;
    const double saving = dense > 0.0 ? 1.0 - p.cost.flopsPerSample / dense : 0.0;
    QString text = tr("<b>k = %1</b>: %2 at %3 FLOPs per input, %4 %5 than dense = params")
                       .arg(k)
                       .arg(value, CostTableModel::formatCount(p.cost.flopsPerSample),
                            QStringLiteral("%1%").arg(100.0 * std::abs(saving), 0, 'f', 0),
                            saving >= 0.0 ? tr("fewer") : tr("more"));
    if (k == m_trainingK) {
        text += tr(" (the trained k)");
    } else {
        const moe::TopKPoint& t = m_sweep[static_cast<std::size_t>(std::clamp(m_trainingK, 1, static_cast<int>(m_sweep.size())) - 1)];
        const double delta = score(p.metrics) - score(t.metrics);
        text += regression ? tr("; R² %1%2 against the trained k = %3").arg(delta >= 0 ? "+" : "").arg(delta, 0, 'f', 3).arg(m_trainingK)
                           : tr("; %1%2 points against the trained k = %3").arg(delta >= 0 ? "+" : "").arg(delta, 0, 'f', 1).arg(m_trainingK);
    }
    m_readout->setText(text + QLatin1Char('.'));
}

namespace {

// Whether the segment a-b crosses or touches `r`.
bool segmentHits(const QLineF& segment, const QRectF& r) {
    if (r.contains(segment.p1()) || r.contains(segment.p2())) return true;
    const std::array<QLineF, 4> edges{QLineF(r.topLeft(), r.topRight()), QLineF(r.topRight(), r.bottomRight()),
                                      QLineF(r.bottomRight(), r.bottomLeft()), QLineF(r.bottomLeft(), r.topLeft())};
    return std::any_of(edges.begin(), edges.end(),
                       [&](const QLineF& e) { return segment.intersects(e, nullptr) == QLineF::BoundedIntersection; });
}

}  // namespace

void ParetoView::placeLabels() {
    // Everything a label must keep clear of, in chart coordinates: every marker (as a
    // square around it, with a little air) and the line joining the MoE's points.
    auto position = [this](const QPointF& value) { return m_chart->mapToPosition(value, m_moeDots); };
    QList<QRectF> markers;
    auto addMarkers = [&](const QScatterSeries* s) {
        const double r = s->markerSize() / 2.0 + 2.0;
        for (const QPointF& v : s->points()) {
            const QPointF c = position(v);
            markers.append(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
        }
    };
    for (const QScatterSeries* s : {m_moeDots, m_trained, m_selected, m_denseParams, m_denseCompute}) addMarkers(s);
    QList<QLineF> line;
    const QList<QPointF> points = m_moeLine->points();
    for (qsizetype i = 1; i < points.size(); ++i) line.append(QLineF(position(points[i - 1]), position(points[i])));
    const QRectF plot = m_chart->plotArea();
    // The grid lines too: a line through a label strikes it out.
    QList<QLineF> grid;
    for (const QValueAxis* axis : {m_x, m_y}) {
        const double step = axis->tickInterval();
        if (!(step > 0.0)) continue;
        for (double v = std::ceil(axis->min() / step) * step; v <= axis->max() + 1e-9 * step; v += step) {
            const QPointF c = position(axis == m_x ? QPointF(v, m_y->min()) : QPointF(m_x->min(), v));
            grid.append(axis == m_x ? QLineF(c.x(), plot.top(), c.x(), plot.bottom())
                                    : QLineF(plot.left(), c.y(), plot.right(), c.y()));
        }
    }

    // Each label takes the first place around its point (below, above, right, left, then
    // the diagonals) that touches nothing drawn or labelled before it; failing that, the
    // place that touches least.
    QList<QRectF> placed;
    for (QGraphicsSimpleTextItem* label : m_kLabels) {
        const QPointF at = position(QPointF(label->data(0).toDouble(), label->data(1).toDouble()));
        label->parentItem()->setVisible(plot.contains(at));
        if (!plot.contains(at)) continue;
        const double w = label->boundingRect().width();
        const double h = label->boundingRect().height();
        const double r = label->data(2).toDouble() / 2.0 + 3.0;  // the largest marker on this point
        const std::array<QPointF, 8> offsets{QPointF(-w / 2, r), QPointF(-w / 2, -r - h), QPointF(r + 1, -h / 2),
                                             QPointF(-r - 1 - w, -h / 2), QPointF(r * 0.7, r * 0.7),
                                             QPointF(r * 0.7, -r * 0.7 - h), QPointF(-r * 0.7 - w, r * 0.7),
                                             QPointF(-r * 0.7 - w, -r * 0.7 - h)};
        QRectF best;
        int bestScore = std::numeric_limits<int>::max();
        for (const QPointF& offset : offsets) {
            const QRectF box(at + offset, QSizeF(w, h));
            const QRectF airy = box.adjusted(-1, -1, 1, 1);
            int score = plot.contains(box) ? 0 : 4;
            for (const QRectF& other : placed) score += airy.intersects(other) ? 8 : 0;
            for (const QRectF& m : markers) score += airy.intersects(m) ? 3 : 0;
            for (const QLineF& segment : line) score += segmentHits(segment, airy) ? 2 : 0;
            for (const QLineF& g : grid) score += segmentHits(g, box) ? 1 : 0;
            if (score < bestScore) {
                bestScore = score;
                best = box;
            }
            if (score == 0) break;
        }
        label->parentItem()->setPos(best.topLeft());
        placed.append(best);
    }
}

QList<QRectF> ParetoView::kLabelRects() const {
    QList<QRectF> rects;
    for (const QGraphicsSimpleTextItem* label : m_kLabels)
        if (label->parentItem()->isVisible()) rects.append(label->mapRectToItem(m_chart, label->boundingRect()));
    return rects;
}

QPointF ParetoView::chartPosition(QPointF value) const { return m_chart->mapToPosition(value, m_moeDots); }

}  // namespace moe::ui
