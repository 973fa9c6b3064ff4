#include "ui/training/curves_view.h"

#include "ui/charts/chart_style.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace moe::ui {
namespace {

struct ModelStyle {
    const char* name;
    QColor color;
    qreal width;
};

// Models are told apart by neutral tones, never by expert colours.
const std::array<ModelStyle, 3> kStyles{{
    {QT_TRANSLATE_NOOP("CurvesView", "MoE"), QColor(0x1A, 0x1A, 0x1A), 2.6},
    {QT_TRANSLATE_NOOP("CurvesView", "Dense = params"), QColor(0x6E, 0x6E, 0x6E), 1.8},
    {QT_TRANSLATE_NOOP("CurvesView", "Dense = compute"), QColor(0xA8, 0xA8, 0xA8), 1.8},
}};

QLineSeries* makeSeries(const ModelStyle& style, Qt::PenStyle penStyle) {
    auto* s = new QLineSeries;
    s->setName(QCoreApplication::translate("CurvesView", style.name));
    // Flat caps and bevel joins: round ones make the stroker add an arc at every vertex
    // and every dash end, which more than doubled the cost of drawing the live curves.
    QPen pen(style.color, style.width, penStyle, Qt::FlatCap, Qt::BevelJoin);
    if (penStyle == Qt::DashLine) {
        // Short dashes: Qt's default ones (4 widths) fill the legend's short line sample
        // almost solid, and the "dashed: train" entry looked like a solid line.
        pen.setDashPattern({2.2, 1.8});
    } else if (penStyle == Qt::DotLine) {
        pen.setDashPattern({0.6, 1.6});  // dots, told apart from the train loss's dashes
    }
    s->setPen(pen);
    return s;
}

// Points per curve beyond which long runs are thinned. A curve is at most a few hundred
// pixels wide, and stroking an antialiased (often dashed) polyline costs time per point on
// the GUI thread, which shares the cores with training.
constexpr qsizetype kMaxPoints = 300;

bool sameMetrics(const moe::ModelMetrics& a, const moe::ModelMetrics& b) {
    // Bitwise, so that equal NaNs ("not applicable") compare equal.
    return std::memcmp(&a, &b, sizeof(moe::ModelMetrics)) == 0;
}

}  // namespace

bool CurvesView::sameRow(const EpochRow& row, const moe::EpochSnapshot& s) {
    return row.epoch == s.epoch && sameMetrics(row.models[Moe], s.moe) &&
           sameMetrics(row.models[DenseParams], s.denseEqualParams) &&
           sameMetrics(row.models[DenseCompute], s.denseEqualCompute);
}

CurvesView::CurvesView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("curvesView"));
    m_lossChart = ChartStyle::chart();
    m_scoreChart = ChartStyle::chart();
    m_scoreChart->legend()->hide();  // same models, same styles as the loss chart's legend
    // The score's title and ticks follow the plot's height (title and labels run along it).
    connect(m_scoreChart, &QChart::plotAreaChanged, this, [this] {
        fitScoreTitle();
        fitScoreTicks();
    });
    // Lines in the legend show their dash: solid test loss per model, and one dashed entry
    // that stands for the train loss of all three.
    m_lossChart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_lossX = ChartStyle::valueAxis(QString());  // shares the epoch axis title of the chart below
    m_lossY = ChartStyle::valueAxis(tr("Loss"));
    m_scoreX = ChartStyle::valueAxis(tr("Epoch"));
    m_scoreY = ChartStyle::valueAxis(tr("Test accuracy"));
    m_scoreY->setTickType(QValueAxis::TicksDynamic);  // ticks at multiples of the interval from 0
    m_scoreY->setTickAnchor(0.0);
    m_lossChart->addAxis(m_lossX, Qt::AlignBottom);
    m_lossChart->addAxis(m_lossY, Qt::AlignLeft);
    m_scoreChart->addAxis(m_scoreX, Qt::AlignBottom);
    m_scoreChart->addAxis(m_scoreY, Qt::AlignLeft);
    for (QValueAxis* x : {m_lossX, m_scoreX}) x->setLabelFormat(QStringLiteral("%d"));
    m_scoreY->setLabelFormat(QStringLiteral("%.1f"));

    for (int m = 0; m < ModelCount; ++m) {
        const ModelStyle& style = kStyles[static_cast<std::size_t>(m)];
        ModelSeries& s = m_series[static_cast<std::size_t>(m)];
        s.trainLoss = makeSeries(style, Qt::DashLine);
        s.testLoss = makeSeries(style, Qt::SolidLine);
        s.validationLoss = makeSeries(style, Qt::DotLine);
        s.score = makeSeries(style, Qt::SolidLine);
    }
    m_series[Moe].trainLoss->setName(tr("dashed: train"));
    m_series[Moe].validationLoss->setName(tr("dotted: validation"));
    auto addLoss = [this](QXYSeries* l) {
        m_lossChart->addSeries(l);
        l->attachAxis(m_lossX);
        l->attachAxis(m_lossY);
    };
    // Series are drawn in the order they are added (the MoE's test loss last, on top); the
    // legend lists them reversed: MoE, dense = params, dense = compute, "train (dashed)".
    m_kept = new QScatterSeries;
    m_kept->setName(tr("kept epoch"));
    m_kept->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_kept->setMarkerSize(11.0);
    m_kept->setColor(Qt::transparent);
    m_kept->setBorderColor(QColor(0x1A, 0x1A, 0x1A));
    m_kept->setPen(QPen(QColor(0x1A, 0x1A, 0x1A), 1.6));
    m_diverged = new QScatterSeries;
    m_diverged->setName(tr("diverged"));
    m_diverged->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_diverged->setMarkerSize(12.0);
    m_diverged->setColor(QColor(0xB3, 0x26, 0x1E));
    m_diverged->setBorderColor(QColor(0xB3, 0x26, 0x1E));
    addLoss(m_diverged);
    addLoss(m_kept);
    addLoss(m_series[Moe].validationLoss);
    addLoss(m_series[Moe].trainLoss);
    for (int m = ModelCount - 1; m >= 0; --m) {
        ModelSeries& s = m_series[static_cast<std::size_t>(m)];
        if (m != Moe) {
            for (QLineSeries* l : {s.trainLoss, s.validationLoss}) {
                addLoss(l);
                for (QLegendMarker* marker : m_lossChart->legend()->markers(l)) marker->setVisible(false);
            }
        }
        addLoss(s.testLoss);
        m_scoreChart->addSeries(s.score);
        s.score->attachAxis(m_scoreX);
        s.score->attachAxis(m_scoreY);
    }
    m_lossChart->legend()->setReverseMarkers(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_lossView = makeChartView(m_lossChart);
    layout->addWidget(m_lossView, 1);
    m_narrowLegend = new QLabel(this);
    m_narrowLegend->setObjectName(QStringLiteral("curvesNarrowLegend"));
    m_narrowLegend->setWordWrap(true);
    m_narrowLegend->setAlignment(Qt::AlignCenter);
    m_narrowLegend->setContentsMargins(8, 0, 8, 2);
    m_narrowLegend->setFont(m_lossChart->legend()->font());
    m_narrowLegend->setToolTip(tr("The test loss of each model (solid) and the train loss of all "
                                  "three (dashed)."));
    m_narrowLegend->hide();
    layout->addWidget(m_narrowLegend);
    m_key = new QLabel(this);
    m_key->setObjectName(QStringLiteral("curvesKey"));
    m_key->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_key->setWordWrap(true);  // "▲ diverged" too takes a second line in a narrow column
    m_key->setContentsMargins(0, 0, 12, 0);
    m_key->setStyleSheet(QStringLiteral("color: #555;"));
    m_key->setToolTip(tr("<p><b>Dotted</b>: the loss on the validation split, held out of the training "
                         "data to pick the weights each model keeps. <b>○</b>: the epoch a model "
                         "keeps, its lowest validation loss (training stops when it has not improved "
                         "for the patience). <b>▲</b>: a model whose loss, gradient or weights stopped "
                         "being finite; it keeps its best finite weights while the others go on.</p>"));
    m_key->hide();
    layout->addWidget(m_key);
    m_scoreView = makeChartView(m_scoreChart);
    layout->addWidget(m_scoreView, 1);
    setToolTip(tr("<p>Learning curves of the MoE and its two dense baselines, trained on the "
                  "same batches.<br><b>Dense = params</b>: one MLP of width E·h, as many "
                  "weights as the MoE.<br><b>Dense = compute</b>: one MLP of width k·h, as "
                  "many FLOPs per input as the MoE's experts.</p>"));

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);
    connect(&m_redrawTimer, &QTimer::timeout, this, &CurvesView::redraw);
    redraw();
    fitLegend();
}

void CurvesView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegend();
    fitScoreTitle();
    fitScoreTicks();
}

void CurvesView::fitScoreTitle() {
    // The vertical title runs along the plot, about 60 px shorter than the view (the epoch
    // axis and margins); "Test accuracy" was cut to "Test accu..." in a 1024x768 window.
    const bool regression = m_task == moe::Task::Regression;
    QString title = regression ? tr("Test R²") : tr("Test accuracy");
    const qreal plot = m_scoreChart->plotArea().height() > 0 ? m_scoreChart->plotArea().height()
                                                              : m_scoreView->height() - 60;
    if (QFontMetrics(m_scoreY->titleFont()).horizontalAdvance(title) + 8 > plot)
        title = regression ? tr("R²") : tr("Accuracy");
    if (m_scoreY->titleText() != title) m_scoreY->setTitleText(title);
}

void CurvesView::fitLegend() {
    QLegend* legend = m_lossChart->legend();
    const QFontMetrics fm(legend->font());
    // The entries the legend shows (the others' markers are hidden), in its order.
    const QList<QXYSeries*> shown = {m_series[Moe].testLoss, m_series[DenseParams].testLoss,
                                     m_series[DenseCompute].testLoss, m_series[Moe].trainLoss};
    int needed = 0;
    QStringList entries;
    for (const QXYSeries* series : shown) {
        // A marker's line sample, its gaps and the label (a little generous: QLegend elides
        // at the first pixel short).
        needed += fm.horizontalAdvance(series->name()) + 2 * fm.height() + 16;
        const QPen pen = series->pen();
        const QString sample = pen.style() == Qt::SolidLine ? QStringLiteral("━━") : QStringLiteral("╍╍");
        QString label = series->name().toHtmlEscaped();
        label.replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        entries << QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3").arg(pen.color().name(), sample, label);
    }
    const QMargins margins = m_lossChart->margins();
    const bool fits = needed <= m_lossView->width() - margins.left() - margins.right() - 16;
    m_narrowLegend->setText(entries.join(QStringLiteral("&nbsp;&nbsp; ")));
    legend->setVisible(fits);
    m_narrowLegend->setVisible(!fits);
}

QChartView* CurvesView::makeChartView(QChart* chart) {
    auto* view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(140);  // two charts, the routing readout and the cost fit 768 px
    return view;
}

void CurvesView::setHistory(const QList<moe::EpochSnapshot>& history, moe::Task task, int epochsPlanned) {
    // During a run the history only grows: keep the rows that are still the same (a
    // comparison of a few numbers per epoch, no allocation) and copy only the rest.
    const auto n = static_cast<std::size_t>(history.size());
    std::size_t kept = 0;
    while (kept < std::min(n, m_rows.size()) && sameRow(m_rows[kept], history[static_cast<qsizetype>(kept)])) ++kept;
    m_rows.resize(kept);
    m_rows.reserve(n);
    for (std::size_t i = kept; i < n; ++i) {
        const moe::EpochSnapshot& s = history[static_cast<qsizetype>(i)];
        m_rows.push_back({s.epoch, {s.moe, s.denseEqualParams, s.denseEqualCompute}});
    }
    m_task = task;
    m_epochsPlanned = std::max(1, epochsPlanned);
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void CurvesView::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

qsizetype CurvesView::pointCount() const { return m_series[Moe].testLoss->count(); }

QList<QXYSeries*> CurvesView::validationSeries() const {
    QList<QXYSeries*> all;
    for (const ModelSeries& s : m_series) all << s.validationLoss;
    return all;
}

QList<QXYSeries*> CurvesView::series() const {
    QList<QXYSeries*> all;
    for (const ModelSeries& s : m_series) all << s.trainLoss << s.testLoss << s.score;
    return all;
}

void CurvesView::redraw() {
    const bool regression = m_task == moe::Task::Regression;
    fitScoreTitle();
    double lossMax = 0.0;
    double trainedLossMax = 0.0;  // without epoch 0, whose untrained loss can dwarf the rest
    double scoreMin = regression ? 0.0 : 0.5;
    for (int m = 0; m < ModelCount; ++m) {
        QList<QPointF> train, test, validation, score;
        train.reserve(kMaxPoints + 1);
        validation.reserve(kMaxPoints + 1);
        test.reserve(kMaxPoints + 1);
        score.reserve(kMaxPoints + 1);
        // Long runs are thinned to about kMaxPoints per curve (the last epoch always kept):
        // more points than pixels only slow the charts down.
        const auto n = static_cast<qsizetype>(m_rows.size());
        const qsizetype stride = std::max<qsizetype>(1, (n + kMaxPoints - 1) / kMaxPoints);
        for (qsizetype i = 0; i < n; ++i) {
            if (i % stride != 0 && i != n - 1) continue;
            const EpochRow& snap = m_rows[static_cast<std::size_t>(i)];
            const moe::ModelMetrics& mm = snap.models[static_cast<std::size_t>(m)];
            const double x = snap.epoch;
            // Epoch 0 has no training loss yet: the untrained models were never trained.
            if (std::isfinite(mm.trainLoss) && snap.epoch > 0) train.append({x, mm.trainLoss});
            if (std::isfinite(mm.testLoss)) test.append({x, mm.testLoss});
            if (std::isfinite(mm.validationLoss)) validation.append({x, mm.validationLoss});
            const double v = regression ? mm.testR2 : mm.testAccuracy;
            if (std::isfinite(v)) {
                score.append({x, v});
                scoreMin = std::min(scoreMin, v);
            }
            for (double l : {mm.trainLoss, mm.testLoss, mm.validationLoss}) {
                if (!std::isfinite(l)) continue;
                lossMax = std::max(lossMax, l);
                if (snap.epoch > 0) trainedLossMax = std::max(trainedLossMax, l);
            }
        }
        ModelSeries& s = m_series[static_cast<std::size_t>(m)];
        s.trainLoss->replace(train);
        s.testLoss->replace(test);
        s.validationLoss->replace(validation);
        s.score->replace(score);
    }
    redrawMarkers();
    for (QValueAxis* x : {m_lossX, m_scoreX}) ChartStyle::setNiceRange(x, 0, m_epochsPlanned, std::clamp(m_epochsPlanned + 1, 2, 7));
    if (m_rows.size() > 3 && trainedLossMax > 0.0) lossMax = std::min(lossMax, 1.5 * trainedLossMax);
    ChartStyle::setNiceRange(m_lossY, 0.0, lossMax > 0.0 ? lossMax * 1.05 : 1.0, 5);
    // Accuracy starts at chance for balanced classes; R² may dip below 0 early on.
    const double lo = regression ? std::max(-1.0, std::floor(scoreMin * 10.0) / 10.0)
                                 : std::floor(scoreMin * 10.0) / 10.0;
    ChartStyle::setRange(m_scoreY, lo, 1.0);
    fitScoreTicks();
}

void CurvesView::fitScoreTicks() {
    // As many labels as the plot's height holds: in a short plot (a 768 px screen with the
    // lesson panel open) Qt Charts elides labels that overlap to "...".
    const double span = m_scoreY->max() - m_scoreY->min();
    const int room = std::max(2, static_cast<int>((m_scoreView->height() - 70) / (1.8 * QFontMetrics(m_scoreY->labelsFont()).height())));
    double interval = 1.0;
    for (double step : {0.1, 0.2, 0.25, 0.5})
        if (span / step + 1.0 <= room + 1e-9) {
            interval = step;
            break;
        }
    if (m_scoreY->tickInterval() != interval) m_scoreY->setTickInterval(interval);
}

void CurvesView::redrawMarkers() {
    QList<QPointF> kept, diverged;
    if (!m_rows.empty()) {
        const EpochRow& last = m_rows.back();
        for (std::size_t m = 0; m < ModelCount; ++m) {
            const moe::ModelMetrics& now = last.models[m];
            const int best = now.bestEpoch;
            // m_rows[i] is epoch i: the history starts at epoch 0 and has every epoch.
            const moe::ModelMetrics* then = best >= 0 && static_cast<std::size_t>(best) < m_rows.size() &&
                                                    m_rows[static_cast<std::size_t>(best)].epoch == best
                                                ? &m_rows[static_cast<std::size_t>(best)].models[m]
                                                : nullptr;
            if (then && best < last.epoch && std::isfinite(then->validationLoss))
                kept.append({double(best), then->validationLoss});
            if (now.diverged) {
                int first = last.epoch;
                for (const EpochRow& r : m_rows)
                    if (r.models[m].diverged) {
                        first = r.epoch;
                        break;
                    }
                const double y = then && std::isfinite(then->testLoss) ? then->testLoss : 0.0;
                diverged.append({double(first), y});
            }
        }
    }
    m_kept->replace(kept);
    m_diverged->replace(diverged);
    // Only the models and the dashes are in the legend, which a narrow chart fills already.
    for (QXYSeries* series : {static_cast<QXYSeries*>(m_kept), static_cast<QXYSeries*>(m_diverged),
                              static_cast<QXYSeries*>(m_series[Moe].validationLoss)})
        for (QLegendMarker* marker : m_lossChart->legend()->markers(series)) marker->setVisible(false);
    QStringList key;
    if (m_series[Moe].validationLoss->count() > 0) key << tr("dotted: validation");
    if (m_kept->count() > 0) key << tr("○ kept epoch");
    if (m_diverged->count() > 0) key << tr("▲ diverged");
    m_key->setText(key.join(QStringLiteral("  ·  ")));
    m_key->setVisible(!key.isEmpty());
}

}  // namespace moe::ui
