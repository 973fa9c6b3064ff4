#include "ui/window/run_export_actions.h"

#include "ui/scale/at_scale_view.h"
#include "ui/messages/message_text.h"

#include "core/io/metrics_export.h"
#include "ui/window/main_window.h"
#include "ui/report/report_dialog.h"
#include "ui/training/training_controller.h"
#include "ui/trace/trace_workspace.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

#include <vector>

namespace moe::ui {

RunExportActions::RunExportActions(MainWindow* window) : QObject(window), m_window(window) {
    m_metrics = new QAction(tr("Export &metrics…"), this);
    m_metrics->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_metrics->setToolTip(tr("Save every epoch's losses, accuracy and routing statistics (expert load, "
                             "entropy, dropped tokens) of the MoE and both dense baselines as CSV or JSON."));
    m_metrics->setStatusTip(m_metrics->toolTip());  // menus show status tips, not tooltips
    connect(m_metrics, &QAction::triggered, this, &RunExportActions::exportMetricsInteractively);
    m_report = new QAction(tr("&Report…"), this);
    // Ctrl+R is Reset (training panel).
    m_report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_report->setToolTip(tr("A report of this run for someone new to MoE: results against both dense baselines, "
                            "the figures with plain explanations, and your notes; as HTML or PDF."));
    m_report->setStatusTip(m_report->toolTip());  // menus show status tips, not tooltips
    connect(m_report, &QAction::triggered, this, [this] { reportDialog()->open(); });
    TrainingController* c = window->controller();
    connect(c, &TrainingController::historyChanged, this, &RunExportActions::updateEnabled);
    connect(c, &TrainingController::experimentReset, this, &RunExportActions::updateEnabled);
    connect(c, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Running || state == TrainingState::Stepping) m_settled = false;
        updateEnabled();
    });
    // The worker measures the latency last after a run: the run's values are all in. (One
    // measured when the models were built can still arrive while the run is going.)
    connect(c, &TrainingController::latencyChanged, this, [this, c] {
        const TrainingState state = c->state();
        if (state == TrainingState::Running || state == TrainingState::Stepping || state == TrainingState::Stopping)
            return;
        m_settled = true;
        updateEnabled();
    });
    updateEnabled();
}

void RunExportActions::updateEnabled() {
    const TrainingController* c = m_window->controller();
    m_metrics->setEnabled(c->epochsCompleted() > 0);
    // The report draws the views of a settled run, not of one still moving.
    m_report->setEnabled(c->epochsCompleted() > 0 && c->state() != TrainingState::Running && m_settled);
}

ReportInput RunExportActions::reportInput() const {
    const TrainingController* c = m_window->controller();
    ReportInput in;
    in.data = c->data();
    in.origin = m_window->datasetSource();
    in.importNotes = m_window->importNotes();
    in.config = c->config();
    in.history.assign(c->history().cbegin(), c->history().cend());
    in.result = c->result();
    in.stopped = c->state() == TrainingState::Stopped;
    in.cost = c->cost();
    in.topK = c->topKSweep();
    if (c->hasLatency()) in.latency = c->latency();
    in.gateMatrices = c->gateMatrices();
    in.territory = c->territory();
    if (m_window->atScaleView()->wasUsed()) in.atScale = m_window->atScaleView()->input();
    if (const TraceWorkspace* trace = m_window->traceWorkspace(); trace && trace->hasTrace()) {
        in.trace = trace->trace().trace;
        in.traceStats = trace->trace().stats;
        in.tracePath = trace->trace().path;
    }
    return in;
}

ReportDialog* RunExportActions::reportDialog() {
    if (!m_reportDialog) m_reportDialog = new ReportDialog([this] { return reportInput(); }, m_window);
    return m_reportDialog;
}

bool RunExportActions::exportMetrics(const QString& path, QString* error) const {
    const TrainingController* c = m_window->controller();
    const std::vector<moe::EpochSnapshot> history(c->history().cbegin(), c->history().cend());
    const moe::Status s = moe::writeMetricsFile(path.toStdString(), history, c->data().task);
    if (!s && error) *error = QString::fromStdString(s.error());
    return s.ok();
}

void RunExportActions::exportMetricsInteractively() {
    const QString csv = tr("CSV table (*.csv)");
    const QString json = tr("JSON document (*.json)");
    QString selected = csv;
    const QString proposal = QDir::home().filePath(
        QStringLiteral("%1-metrics.csv").arg(QString::fromStdString(m_window->controller()->data().name)));
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export metrics"), proposal, csv + QStringLiteral(";;") + json,
                                                &selected);
    if (path.isEmpty()) return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("csv") && suffix != QLatin1String("json"))
        path += selected == json ? QStringLiteral(".json") : QStringLiteral(".csv");
    QString error;
    if (!exportMetrics(path, &error)) {
        showWarning(m_window, tr("Export failed"), error);
        return;
    }
    m_window->statusBar()->showMessage(visibleMessage(
        tr("Saved the metrics of %1 epochs to %2").arg(m_window->controller()->epochsCompleted()).arg(QDir::toNativeSeparators(path))),
        8000);
}

}  // namespace moe::ui
