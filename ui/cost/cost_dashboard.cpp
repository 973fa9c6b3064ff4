#include "ui/cost/cost_dashboard.h"

#include "ui/cost/cost_table_model.h"
#include "ui/cost/latency_table_model.h"
#include "ui/cost/pareto_view.h"
#include "ui/training/training_controller.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace moe::ui {
namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent) {
    auto* table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->verticalHeader()->setMinimumSectionSize(table->fontMetrics().height() + 4);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return table;
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

// 1.23 GFLOP, 456 MFLOP, 7.8 kFLOP.
QString flopsText(double flops) {
    const double a = std::abs(flops);
    if (a >= 1e12) return QStringLiteral("%1 TFLOP").arg(flops / 1e12, 0, 'f', 2);
    if (a >= 1e9) return QStringLiteral("%1 GFLOP").arg(flops / 1e9, 0, 'f', 2);
    if (a >= 1e6) return QStringLiteral("%1 MFLOP").arg(flops / 1e6, 0, 'f', 1);
    if (a >= 1e3) return QStringLiteral("%1 kFLOP").arg(flops / 1e3, 0, 'f', 1);
    return QStringLiteral("%1 FLOP").arg(flops, 0, 'f', 0);
}

}  // namespace

CostDashboard::CostDashboard(TrainingController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("costSummary"));
    m_summary->setWordWrap(true);
    m_summary->setToolTip(tr("<p>Saving = 1 − FLOPs(MoE) / FLOPs(dense with equal parameters), counted "
                             "per input, forward pass, dropless. Active parameters are those one input "
                             "touches: the gate and its k experts.</p>"));
    m_savings = new QLabel(this);
    m_savings->setObjectName(QStringLiteral("sessionSavings"));
    m_savings->setWordWrap(true);
    m_savings->setToolTip(tr("<p><b>Compute saved this session</b> = Σ over every input the MoE has "
                             "predicted (dense-equal-params FLOPs − MoE FLOPs per input), each counted "
                             "with the sizes in force at the time.</p><p>Predictions counted: the test "
                             "evaluation after every epoch, every territory map cell, every point of the "
                             "top-k sweep (with that k's FLOPs), and each input pinned in the gate inspector. Not counted: "
                             "training passes and the repeated forwards of the latency timing.</p>"));

    m_pareto = new ParetoView(this);
    m_costModel = new CostTableModel(this);
    m_latencyModel = new LatencyTableModel(this);
    m_costTable = makeTable(m_costModel, this);
    m_costTable->setObjectName(QStringLiteral("costTable"));
    m_costTable->setToolTip(tr("<p>Counted FLOPs and parameters per input. The MoE pays for its gate, "
                               "its k chosen experts and the weighted combine; the dense baselines pay "
                               "for their whole width on every input.</p>"));
    m_latencyTable = makeTable(m_latencyModel, this);
    m_latencyTable->setObjectName(QStringLiteral("latencyTable"));
    m_latencyNote = heading(QString(), this);

    // Scrollable, so that the tab does not force the window taller than 800 px when the
    // other tabs share their height with the gate inspector; at 1280 x 800 it fits unscrolled.
    auto* content = new QWidget;
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_summary);
    layout->addWidget(m_savings);
    layout->addWidget(heading(tr("<b>Accuracy against compute</b> <span style='color:#666'>(the trained "
                                 "MoE with top-k changed at inference; test split)</span>"),
                              this));
    layout->addWidget(m_pareto, 1);
    layout->addWidget(heading(tr("<b>Counted per input</b> <span style='color:#666'>(forward pass; a "
                                 "multiply-add is 2 FLOPs)</span>"),
                              this));
    layout->addWidget(m_costTable);
    layout->addWidget(m_latencyNote);
    layout->addWidget(m_latencyTable);
    scroll->setWidget(content);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(50);  // <= 20 redraws a second
    connect(&m_redrawTimer, &QTimer::timeout, this, &CostDashboard::redraw);
    for (auto signal : {&TrainingController::costChanged, &TrainingController::topKSweepChanged,
                        &TrainingController::latencyChanged, &TrainingController::savingsChanged,
                        &TrainingController::historyChanged})
        connect(m_controller, signal, this, &CostDashboard::schedule);
    connect(m_controller, &TrainingController::experimentReset, this, &CostDashboard::reset);
    reset();
}

void CostDashboard::schedule() {
    if (!m_redrawTimer.isActive()) m_redrawTimer.start();
}

void CostDashboard::redrawNow() {
    m_redrawTimer.stop();
    redraw();
}

void CostDashboard::reset() {
    m_costModel->clear();
    m_latencyModel->clear();
    m_pareto->clear();
    schedule();
}

QString CostDashboard::summaryText() const { return m_summary->text(); }
QString CostDashboard::savingsText() const { return m_savings->text(); }

void CostDashboard::redraw() {
    const TrainingController& c = *m_controller;
    if (c.hasCost()) {
        const moe::CostReport& cost = c.cost();
        m_costModel->setCost(cost);
        const double saving = cost.savingVsDenseParams();
        const double active = cost.moe.paramsTotal > 0
                                  ? static_cast<double>(cost.moe.paramsActive) / static_cast<double>(cost.moe.paramsTotal)
                                  : 0.0;
        m_summary->setText(tr("The MoE spends <b>%1 FLOPs</b> per input: <b>%2%3</b> than the dense model "
                              "with the same parameters (%4), %5 than the one with the same compute (%6). "
                              "Each input touches <b>%7%</b> of its %8 parameters.")
                               .arg(CostTableModel::formatCount(cost.moe.flopsPerSample))
                               .arg(QStringLiteral("%1% ").arg(100.0 * std::abs(saving), 0, 'f', 0),
                                    saving >= 0.0 ? tr("fewer") : tr("more"),
                                    CostTableModel::formatCount(cost.denseEqualParams.flopsPerSample),
                                    cost.moe.flopsPerSample <= cost.denseEqualCompute.flopsPerSample ? tr("no more")
                                                                                                     : tr("more"),
                                    CostTableModel::formatCount(cost.denseEqualCompute.flopsPerSample))
                               .arg(100.0 * active, 0, 'f', 0)
                               .arg(CostTableModel::formatCount(static_cast<double>(cost.moe.paramsTotal))));
    } else {
        m_summary->setText(tr("Waiting for the models…"));
    }

    const moe::SavingsTally& s = c.savings();
    m_savings->setText(tr("<b>This session</b>: the MoE has predicted %1 inputs and saved <b>%2</b> "
                          "(%3% of what the dense = params model would have spent).")
                           .arg(QLocale().toString(static_cast<qlonglong>(s.samples)), flopsText(s.savedFlops()))
                           .arg(100.0 * s.savedFraction(), 0, 'f', 0));

    if (c.hasLatency()) {
        m_latencyModel->setLatency(c.latency());
        m_latencyNote->setText(tr("<b>Measured on this machine</b> <span style='color:#666'>(inference, %1 "
                                  "thread%2, fastest of repeated timings; when the models are built and when training "
                                  "stops)</span>")
                                   .arg(c.latency().threads)
                                   .arg(c.latency().threads == 1 ? QString() : QStringLiteral("s")));
    } else {
        m_latencyNote->setText(tr("<b>Measured on this machine</b> <span style='color:#666'>(measuring when "
                                  "the models are built and when training stops…)</span>"));
    }

    if (c.hasCost() && !c.history().isEmpty())
        m_pareto->setData(c.topKSweep(), c.cost(), c.result(), c.data().task, c.config().model.topK,
                          c.config().model.router);
}

}  // namespace moe::ui
