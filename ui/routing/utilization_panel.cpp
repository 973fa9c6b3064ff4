#include "ui/routing/utilization_panel.h"

#include "ui/charts/chart_style.h"
#include "ui/charts/heatmap_view.h"
#include "ui/routing/layer_selector.h"
#include "ui/routing/routing_health.h"
#include "ui/routing/routing_maps.h"
#include "ui/training/training_controller.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSplitter>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

// Points per curve beyond which long runs are thinned: more than pixels would only cost time
// (stroking a polyline costs per point, on the GUI thread that shares the cores with training).
constexpr qsizetype kMaxPoints = 300;

const moe::RoutingStats& statsOf(const moe::EpochSnapshot& s, int layer) { return RoutingMaps::statsOf(s, layer); }

int layerCount(const moe::EpochSnapshot& s) { return RoutingMaps::layerCount(s); }

}  // namespace

UtilizationPanel::UtilizationPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("utilizationCaption"));
    // Room goes to the controls: the caption may be cut, the tab must never widen the window.
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_layers = new LayerSelector(tr("routing"), this);
    m_layers->comboBox()->setObjectName(QStringLiteral("utilizationLayer"));

    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("utilizationWarning"));
    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setStyleSheet(QStringLiteral(
        "QLabel { background: #FFF4D6; color: #4A3500; border: 1px solid #E0B84F; border-radius: 3px; padding: 3px 6px; }"));
    m_warning->setToolTip(tr("<p>A <b>dead</b> expert received no input over the last training epoch: its "
                             "weights stop learning. The load has <b>collapsed</b> when the k busiest "
                             "experts take more than %1% of the assignments (k = experts per input): "
                             "the other experts are wasted capacity.</p><p>A balance loss rewards an even "
                             "spread; router noise or jitter lets idle experts win now and then; expert "
                             "choice balances by construction, sigmoid-bias adjusts a bias per expert.</p>")
                              .arg(100.0 * RoutingHealth::kCollapseShare, 0, 'f', 0));
    m_warning->hide();

    m_loadMap = new HeatmapView(this);
    m_loadMap->setObjectName(QStringLiteral("loadMap"));
    m_loadMap->setToolTip(tr("<p>Each column is an epoch, each row an expert; the colour is the share of the "
                             "test split's assignments the expert received (after capacity). A balanced "
                             "router gives every expert 1/E; a dark row is an expert the router ignores.</p>"));
    m_classMap = new HeatmapView(this);
    m_classMap->setObjectName(QStringLiteral("classMap"));
    m_classMap->setToolTip(tr("<p>Specialisation: for each class (column), the share of its assignments that "
                              "went to each expert (row); each column sums to 100%.</p><p><b>NMI</b> = "
                              "I(class; expert) / H(class): 0 when the expert says nothing about the class, "
                              "1 when each class has experts of its own.</p>"));

    m_chart = ChartStyle::chart();
    m_cv = ChartStyle::lineSeries(tr("Load CV"), QColor(0x1A, 0x1A, 0x1A), 2.4, Qt::SolidLine);
    m_entropy = ChartStyle::lineSeries(tr("Usage entropy"), QColor(0x5E, 0x5E, 0x5E), 2.0, Qt::DashLine);
    m_dropped = ChartStyle::lineSeries(tr("Dropped"), QColor(0x9A, 0x9A, 0x9A), 2.2, Qt::DotLine);
    m_x = ChartStyle::valueAxis(tr("Epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    // Three plain ratios: the CV has no upper bound (above 1 when the load is very uneven),
    // the entropy and the dropped share lie in [0, 1].
    m_y = ChartStyle::valueAxis(tr("CV · entropy · share"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* s : {m_dropped, m_entropy, m_cv}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    // The legend is a label under the chart: Qt's own legend elides the names when narrow.
    m_chart->legend()->hide();
    m_chartLegend = new QLabel(this);
    m_chartLegend->setWordWrap(true);
    m_chartLegend->setText(tr("<span style='font-size:small'><b>━━</b> Load CV (std / mean)<br>"
                              "<span style='color:#5E5E5E'><b>╺ ╸</b></span> Usage entropy (1 = even)<br>"
                              "<span style='color:#9A9A9A'><b>┅┅</b></span> Dropped share</span>"));
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setObjectName(QStringLiteral("utilizationChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(180, 160);
    // The chart and its legend label make one white card (the legend sat on the grey
    // window under the chart's card, as if it belonged to nothing).
    m_chartView->setBackgroundBrush(Qt::white);
    m_chartView->setFrameShape(QFrame::NoFrame);
    m_chartLegend->setAutoFillBackground(true);
    QPalette legendPalette = m_chartLegend->palette();
    legendPalette.setColor(QPalette::Window, Qt::white);
    m_chartLegend->setPalette(legendPalette);
    m_chartLegend->setContentsMargins(12, 0, 6, 6);
    m_chartView->setToolTip(tr("<p>On the test split, per epoch:<br><b>Load CV</b>: standard deviation / mean "
                               "of the experts' loads (population variance); 0 = perfectly even.<br><b>Usage "
                               "entropy</b>: −Σ f ln f / ln E of the load fractions f; 1 = balanced, 0 = one "
                               "expert does everything.<br><b>Dropped</b>: share of the assignments that found "
                               "no slot under the capacity limit (0 without a limit).</p>"));

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_caption, 1);
    header->addWidget(m_layers);

    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(0);
    chartLayout->addWidget(m_chartView, 1);
    chartLayout->addWidget(m_chartLegend);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_classMap);
    bottom->addWidget(chartBox);
    bottom->setChildrenCollapsible(false);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({300, 200});
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_loadMap);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_warning);
    layout->addWidget(split, 1);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);
    connect(&m_redrawTimer, &QTimer::timeout, this, &UtilizationPanel::redraw);
    connect(m_controller, &TrainingController::historyChanged, this, &UtilizationPanel::scheduleRedraw);
    connect(m_controller, &TrainingController::experimentReset, this, &UtilizationPanel::scheduleRedraw);
    connect(m_layers, &LayerSelector::layerChanged, this, &UtilizationPanel::redrawNow);
    redraw();
}

int UtilizationPanel::layer() const { return m_layers->layer(); }

QComboBox* UtilizationPanel::layerBox() const { return m_layers->comboBox(); }

int UtilizationPanel::epochAt(int col) const {
    return col >= 0 && col < static_cast<int>(m_columnEpochs.size()) ? m_columnEpochs[static_cast<std::size_t>(col)] : -1;
}

void UtilizationPanel::scheduleRedraw() {
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void UtilizationPanel::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

void UtilizationPanel::redraw() {
    const auto& history = m_controller->history();
    m_layers->setLayerCount(history.isEmpty() ? 1 : layerCount(history.constLast()));
    const int l = layer();
    if (history.isEmpty())
        m_caption->setText(tr("<b>Utilization</b> <span style='color:#666'>(waiting for the models…)</span>"));
    else
        m_caption->setText(tr("<b>Utilization</b> <span style='color:#666'>on the test split, epoch %1 of %2</span>")
                               .arg(history.constLast().epoch)
                               .arg(m_controller->epochsPlanned()));
    drawLoadMap(l);
    drawClassMap(l);
    drawCharts(l);
    drawWarning(l);
}

void UtilizationPanel::drawLoadMap(int layer) {
    const auto& history = m_controller->history();
    m_loadMap->setData(RoutingMaps::load({history.constData(), static_cast<std::size_t>(history.size())}, layer,
                                         &m_columnEpochs));
}

void UtilizationPanel::drawClassMap(int layer) {
    const auto& history = m_controller->history();
    m_classMap->setData(
        RoutingMaps::specialisation(history.isEmpty() ? nullptr : &history.constLast(), m_controller->data(), layer));
}

void UtilizationPanel::drawCharts(int layer) {
    const auto& history = m_controller->history();
    QList<QPointF> cv, entropy, dropped;
    double yMax = 1.0;
    const qsizetype n = history.size();
    const qsizetype stride = std::max<qsizetype>(1, (n + kMaxPoints - 1) / kMaxPoints);
    for (qsizetype i = 0; i < n; ++i) {
        if (i % stride != 0 && i != n - 1) continue;
        const moe::RoutingStats& s = statsOf(history[i], layer);
        if (s.expertLoad.empty()) continue;
        const double x = history[i].epoch;
        cv.append({x, s.loadCv});
        entropy.append({x, s.usageEntropy});
        dropped.append({x, s.droppedFraction});
        if (std::isfinite(s.loadCv)) yMax = std::max(yMax, s.loadCv);
    }
    m_cv->replace(cv);
    m_entropy->replace(entropy);
    m_dropped->replace(dropped);
    const int planned = std::max(1, m_controller->epochsPlanned());
    ChartStyle::setNiceRange(m_x, 0, planned, std::clamp(planned + 1, 2, 6));
    ChartStyle::setNiceRange(m_y, 0.0, yMax * 1.05, 5);
}

void UtilizationPanel::drawWarning(int layer) {
    const auto& history = m_controller->history();
    if (history.isEmpty()) {
        m_warning->hide();
        return;
    }
    const moe::EpochSnapshot& last = history.constLast();
    const int layers = layerCount(last);
    // The shown layer first, then any other layer in trouble.
    QString message;
    for (int i = 0; i < layers && message.isEmpty(); ++i) {
        const int l = (layer + i) % layers;
        const RoutingHealth h = RoutingHealth::assess(statsOf(last, l), m_controller->config(), last.epoch);
        if (h.healthy()) continue;
        message = layers > 1 ? tr("Block %1: %2").arg(l + 1).arg(h.message()) : h.message();
    }
    m_warning->setText(QStringLiteral("⚠ ") + message);
    m_warning->setVisible(!message.isEmpty());
}

}  // namespace moe::ui
