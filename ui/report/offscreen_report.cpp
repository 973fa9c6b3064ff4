#include "ui/report/offscreen_report.h"

#include "ui/training/report_input.h"
#include "ui/report/run_report.h"

#include <QApplication>

#include <cstdio>
#include <memory>

namespace moe::ui {
namespace {

// The offscreen platform's chatter (no runtime dir, no window hints) is not the user's
// concern on a command line; real errors still reach stderr.
void quietHandler(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg) fprintf(stderr, "moe: %s\n", qPrintable(message));
}

}  // namespace

Status writeReportWithoutWindow(const moe::Experiment& experiment, const moe::DatasetSource& origin,
                                const std::vector<std::string>& importNotes, const std::string& path) {
    const QtMessageHandler previous = qInstallMessageHandler(quietHandler);
    struct Restore {
        QtMessageHandler handler;
        ~Restore() { qInstallMessageHandler(handler); }
    } restore{previous};
    std::unique_ptr<QApplication> app;
    if (!QCoreApplication::instance()) {
        // Never a window, whatever DISPLAY says: the report is drawn in memory.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "moe";
        static char* argv[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, argv);
    }
    ReportInput in = reportInputFromExperiment(experiment, origin);
    in.importNotes = importNotes;
    const RunReport report(in);
    QString error;
    if (!report.write(QString::fromStdString(path), &error)) return Error{error.toStdString()};
    return {};
}

}  // namespace moe::ui
