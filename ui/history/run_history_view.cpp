#include "ui/history/run_history_view.h"

#include "ui/charts/axis_ticks.h"
#include "ui/charts/chart_style.h"
#include "ui/history/run_history_model.h"
#include "ui/training/training_controller.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {
RunHistoryView::RunHistoryView(TrainingController* controller, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("runHistoryView"));
    m_model = new RunHistoryModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunHistoryModel::SortRole);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runHistoryTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunHistoryModel::Run, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    // The configuration wraps onto two lines so the scores fit beside it at 1280 x 800.
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    fitColumns();
    m_table->setToolTip(tr("<p>Every run that ended (all epochs, or Stop) in this session, kept with "
                           "its whole history. Click a column header to sort. Select two rows "
                           "(Ctrl+click the second) to overlay their curves below.</p>"));

    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("historyMetric"));
    m_metric->addItem(tr("MoE test loss"), TestLoss);
    m_metric->addItem(tr("MoE test accuracy or R²"), TestScore);
    m_metric->setToolTip(tr("<p>Which curve of the MoE to overlay. Loss shows how fast each "
                            "configuration learns; accuracy (R² for regression) what it reaches.</p>"));
    auto* metricLabel = new QLabel(tr("&Overlay:"), this);
    metricLabel->setBuddy(m_metric);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("historyHint"));
    m_hint->setWordWrap(true);

    m_chart = ChartStyle::chart();
    m_chart->setMargins(QMargins(2, 2, 8, 2));
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    m_x = ChartStyle::valueAxis(tr("Epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y = ChartStyle::valueAxis(tr("Test loss"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_solid = new QLineSeries;
    m_solid->setPen(QPen(QColor(0x1A, 0x1A, 0x1A), 2.2, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
    m_dashed = new QLineSeries;
    m_dashed->setPen(QPen(QColor(0x55, 0x55, 0x55), 2.2, Qt::DashLine, Qt::FlatCap, Qt::BevelJoin));
    for (QLineSeries* s : {m_solid, m_dashed}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_chartView = new QChartView(m_chart, this);
    auto* chartView = m_chartView;
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumHeight(180);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_table);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    controls->addWidget(metricLabel);
    controls->addWidget(m_metric);
    controls->addWidget(m_hint, 1);
    bottomLayout->addLayout(controls);
    bottomLayout->addWidget(chartView, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);  // <= 20 redraws a second
    connect(&m_redrawTimer, &QTimer::timeout, this, &RunHistoryView::redraw);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunHistoryView::onSelectionChanged);
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { m_redrawTimer.start(); });
    connect(controller, &TrainingController::runRecorded, this, [this](const moe::RunRecord& record) {
        m_model->addRun(record);
        // The rest waits for the next turn of the event loop: a run's end already brings
        // the window a burst of work, and the comparison chart is not urgent.
        const int latest = m_model->runs().back().id;
        QTimer::singleShot(0, this, [this, latest] {
            fitColumns();
            compareRuns(latest > 1 ? latest - 1 : 0, latest);
        });
    });
    redraw();
}

void RunHistoryView::setRuns(const std::vector<moe::RunRecord>& runs) {
    m_model->setRuns(runs);
    fitColumns();
    const int n = static_cast<int>(runs.size());
    compareRuns(n > 1 ? runs[static_cast<std::size_t>(n - 2)].id : 0, n > 0 ? runs.back().id : 0);
    m_redrawTimer.start();
}

void RunHistoryView::compareRuns(int firstId, int secondId) {
    QItemSelection selection;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        const int id = index.data(RunHistoryModel::IdRole).toInt();
        if (id != 0 && (id == firstId || id == secondId))
            selection.select(index, m_proxy->index(row, RunHistoryModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    redrawNow();
}

void RunHistoryView::fitColumns() {
    // As narrow as the text allows (the header's longest line or the widest cell), so the
    // scores sit beside the configuration in the centre of a 1280 x 800 window.
    const QFontMetrics fm = m_table->fontMetrics();
    QFont bold = m_table->horizontalHeader()->font();
    const QFontMetrics hm(bold);
    for (int c = 0; c < RunHistoryModel::ColumnCount; ++c) {
        int width = 0;
        // The header also holds the sort indicator.
        for (const QString& line : m_model->headerData(c, Qt::Horizontal).toString().split(QLatin1Char('\n')))
            width = std::max(width, hm.horizontalAdvance(line) + 16);
        if (c == RunHistoryModel::Configuration) {
            width = std::max(width, fm.horizontalAdvance(QStringLiteral("softmax-topk E16")));
        } else {
            for (int r = 0; r < m_model->rowCount(); ++r)
                width = std::max(width, fm.horizontalAdvance(m_model->index(r, c).data().toString()));
        }
        m_table->horizontalHeader()->resizeSection(c, width + 14);
    }
}

void RunHistoryView::onSelectionChanged() {
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void RunHistoryView::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

std::array<QString, 2> RunHistoryView::differences(const QList<int>& ids) const {
    std::array<QString, 2> out;
    std::array<QStringList, 2> parts;
    std::array<const moe::RunRecord*, 2> runs{};
    for (std::size_t i = 0; i < 2 && i < static_cast<std::size_t>(ids.size()); ++i) {
        runs[i] = m_model->runById(ids[static_cast<qsizetype>(i)]);
        if (runs[i])
            parts[i] = QStringList{QString::fromStdString(runs[i]->datasetName)} +
                       RunHistoryModel::configurationParts(runs[i]->config);
    }
    if (!runs[0] || !runs[1]) {
        if (runs[0]) out[0] = parts[0].join(QLatin1Char(' '));
        return out;
    }
    // The legend names what tells the two runs apart; the table has the rest.
    for (std::size_t i = 0; i < 2; ++i) {
        QStringList own;
        for (const QString& p : parts[i])
            if (!parts[1 - i].contains(p)) own << p;
        out[i] = own.join(QLatin1Char(' '));
    }
    if (!out[0].isEmpty() || !out[1].isEmpty()) return out;
    const moe::TrainConfig& a = runs[0]->config.train;
    const moe::TrainConfig& b = runs[1]->config.train;
    for (std::size_t i = 0; i < 2; ++i) {
        const moe::TrainConfig& t = runs[i]->config.train;
        QStringList own;
        if (a.seed != b.seed) own << tr("seed %1").arg(t.seed);
        if (a.epochs != b.epochs) own << tr("%1 epochs").arg(t.epochs);
        if (a.learningRate != b.learningRate) own << tr("lr %1").arg(t.learningRate);
        if (a.batch != b.batch) own << tr("batch %1").arg(t.batch);
        out[i] = own.join(QLatin1Char(' '));
    }
    return out;
}

void RunHistoryView::redraw() {
    // The two runs picked last (selection order), shown earlier-first.
    QList<int> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows) ids.append(index.data(RunHistoryModel::IdRole).toInt());
    if (ids.size() > 2) ids = ids.mid(ids.size() - 2);
    std::sort(ids.begin(), ids.end());
    m_compared = ids;

    const bool loss = m_metric->currentData().toInt() == TestLoss;
    bool regression = false, classification = false;
    double yMin = loss ? 0.0 : 1.0, yMax = loss ? 0.0 : 0.0;
    double trainedMax = 0.0;  // without epoch 0, whose untrained loss can dwarf the rest
    int xMax = 1;
    const std::array<QLineSeries*, 2> series{m_solid, m_dashed};
    const std::array<QString, 2> distinct = differences(ids);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const moe::RunRecord* r = i < static_cast<std::size_t>(ids.size()) ? m_model->runById(ids[static_cast<qsizetype>(i)]) : nullptr;
        QList<QPointF> points;
        if (r) {
            (r->task == moe::Task::Regression ? regression : classification) = true;
            for (const moe::EpochSnapshot& s : r->history) {
                const double v = loss ? s.moe.testLoss
                                      : (r->task == moe::Task::Regression ? s.moe.testR2 : 100.0 * s.moe.testAccuracy);
                if (!std::isfinite(v)) continue;
                points.append({static_cast<double>(s.epoch), v});
                yMin = std::min(yMin, v);
                yMax = std::max(yMax, v);
                if (s.epoch > 0) trainedMax = std::max(trainedMax, v);
            }
            xMax = std::max(xMax, r->epochsCompleted());
        }
        series[i]->setName(r ? tr("Run %1 (%2)%3").arg(r->id).arg(i == 0 ? tr("solid") : tr("dashed"),
                                                               distinct[i].isEmpty() ? QString() : QStringLiteral(": ") + distinct[i])
                             : QString());
        series[i]->replace(points);
        series[i]->setVisible(r != nullptr);
    }
    if (loss) {
        m_y->setTitleText(tr("MoE test loss"));
        if (trainedMax > 0.0) yMax = std::min(yMax, 1.5 * trainedMax);
        const AxisTicks ticks = AxisTicks::compute(0.0, yMax > 0.0 ? yMax : 1.0, 5);
        const double step = ticks.step > 0.0 ? ticks.step : 0.2;
        m_y->setTickType(QValueAxis::TicksDynamic);
        m_y->setTickAnchor(0.0);
        m_y->setTickInterval(step);
        m_y->setRange(0.0, std::ceil((yMax > 0.0 ? yMax : 1.0) / step) * step);
        m_y->setLabelFormat(ticks.step > 0.0 ? ticks.labelFormat() : QStringLiteral("%.1f"));
    } else if (regression && !classification) {
        m_y->setTickType(QValueAxis::TicksDynamic);
        m_y->setTickAnchor(0.0);
        m_y->setTickInterval(0.2);
        m_y->setTitleText(tr("MoE test R²"));
        m_y->setRange(std::max(-1.0, std::floor(std::min(yMin, 0.0) * 10.0) / 10.0), 1.0);
        m_y->setLabelFormat(QStringLiteral("%.1f"));
    } else {
        m_y->setTickType(QValueAxis::TicksDynamic);
        m_y->setTickAnchor(0.0);
        m_y->setTitleText(regression ? tr("MoE test accuracy (%) / R²") : tr("MoE test accuracy (%)"));
        const double lo = regression ? std::min(0.0, yMin) : std::max(0.0, std::floor(yMin / 10.0) * 10.0);
        m_y->setTickInterval(100.0 - lo > 50.0 ? 20.0 : 10.0);
        m_y->setRange(lo, 100.0);
        m_y->setLabelFormat(QStringLiteral("%.0f"));
    }
    m_x->setRange(0, xMax);
    m_x->setTickCount(std::clamp(xMax + 1, 2, 7));
    m_x->applyNiceNumbers();

    if (m_model->rowCount() == 0)
        m_hint->setText(tr("Runs appear here when they end. Train, change a setting, train again, and "
                           "compare."));
    else if (ids.size() < 2)
        m_hint->setText(tr("Select two rows (Ctrl+click) to compare their curves."));
    else if (rows.size() > 2)
        m_hint->setText(tr("%1 rows selected: comparing runs %2 and %3.").arg(rows.size()).arg(ids[0]).arg(ids[1]));
    else
        m_hint->setText(QString());
}

}  // namespace moe::ui
