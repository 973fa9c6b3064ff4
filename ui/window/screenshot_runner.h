#pragma once
// Intended usage: the --screenshot mode of moe-explorer. Trains the window's current
// settings once to completion through its TrainingController, then writes one PNG per
// main view into a directory and reports the outcome with finished(exitCode):
// 0 when every file was written, 1 when training failed or a file could not be saved.
// When the window holds a reopened session's ended run (--session-file), that run is captured
// instead of training the first one.
// For the run history it then trains a second run (another top-k, or another seed when the
// router has no k to vary) so the history shows two real runs compared. With a routing trace
// open (--trace), the trace's window and each of its views come last (trace-*.png).
//
//   ScreenshotRunner runner(window, dir);
//   QObject::connect(&runner, &ScreenshotRunner::finished, &app, &QCoreApplication::exit);
//   runner.start();

#include <QDir>
#include <QObject>
#include <QStringList>

#include <functional>

namespace moe::ui {

class MainWindow;

class ScreenshotRunner : public QObject {
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow* window, const QDir& directory, QObject* parent = nullptr);

    void start();
    QStringList written() const { return m_written; }

signals:
    void finished(int exitCode);

private:
    void captureMainViews();
    void captureData();
    /// Shows the centre tab `tab`, lets it settle, saves it as `fileName`, then calls `next`.
    void captureTab(QWidget* tab, const QString& fileName, const std::function<void()>& next);
    void finish();
    void showCost();
    void captureCost();
    void captureAtScale();
    void startSecondRun();
    void captureHistory();
    /// Each view of the Trace workspace, from `view` on, when a trace is open (--trace).
    void captureTrace(int view);
    bool save(QWidget* widget, const QString& fileName);
    void fail(const QString& message);

    MainWindow* m_window;
    QDir m_directory;
    QStringList m_written;
    bool m_done = false;
    bool m_secondRun = false;  // the run whose end is awaited is the history's second one
    bool m_traceDone = false;  // the trace's views are written (or there is none)
};

}  // namespace moe::ui
