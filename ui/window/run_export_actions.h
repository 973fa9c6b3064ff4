#pragma once
// Intended usage: the File menu's exports of the current run - "Export metrics…" (every
// epoch's metrics and routing statistics as CSV or JSON, core/io/metrics_export.h) and
// "Report…" (the run explained, as HTML or PDF) - enabled once an epoch has been trained
// (the report: once the run's final map, top-k sweep and latency are in, too).
//
//   auto* exports = new RunExportActions(window);
//   fileMenu->addAction(exports->metricsAction());

#include "ui/training/report_input.h"

#include <QObject>

class QAction;

namespace moe::ui {

class MainWindow;
class ReportDialog;

class RunExportActions : public QObject {
    Q_OBJECT
public:
    explicit RunExportActions(MainWindow* window);

    QAction* metricsAction() const { return m_metrics; }
    QAction* reportAction() const { return m_report; }
    /// The run as the report shows it (notes empty).
    ReportInput reportInput() const;
    /// The dialog Report… opens (created on first use, kept for its notes).
    ReportDialog* reportDialog();

    /// Writes the run's history to `path` (.csv or .json); false with a message naming the
    /// file and the reason. The interactive action ends here after its file dialog.
    bool exportMetrics(const QString& path, QString* error) const;

private:
    void updateEnabled();
    void exportMetricsInteractively();

    MainWindow* m_window;
    QAction* m_metrics = nullptr;
    QAction* m_report = nullptr;
    ReportDialog* m_reportDialog = nullptr;
    /// False from the start of a run until its last result (the latency, measured after the
    /// final territory and top-k sweep) has arrived: a report made in between would mix them.
    bool m_settled = true;
};

}  // namespace moe::ui
