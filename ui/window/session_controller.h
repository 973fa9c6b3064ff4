#pragma once
// Intended usage: everything about session files in the window - File > Open session…,
// Save session, Save session as…, the window title with the file's name and a modified
// marker, and autosave with recovery. A session holds the data's source, the settings,
// the trained MoE, the current run's history, cost and latency, and the run history
// (core/io/session_file.h, docs/session-format.md).
//
//   auto* sessions = new SessionController(window);   // window: the MainWindow
//   fileMenu->addAction(sessions->openAction());
//   sessions->setAutosaveEnabled(true);                // the application, not tests
//   sessions->offerRecovery();                         // at start: Restore / Discard
//
// Opening reads and checks the whole file, makes the data again and restores the run into
// temporaries; only then is the window changed, so a bad file leaves everything as it was.
// Autosave writes this window's own recovery file (recoveryPath(), see ui/window/recovery_files.h)
// every kAutosaveInterval and when a run ends, only when something changed; while training,
// from a checkpoint the worker sends after its current epoch (the run so far, as a run
// stopped there). A clean quit removes it. At start, offerRecovery() offers the newest file
// left by a window that did not end normally, never one of a window still running.

#include "core/io/session_file.h"
#include "core/util/result.h"
#include "ui/window/recovery_files.h"

#include <QObject>
#include <QString>
#include <QTimer>

class QAction;

namespace moe::ui {

class MainWindow;

class SessionController : public QObject {
    Q_OBJECT
public:
    static constexpr int kAutosaveIntervalMs = 60'000;
    /// Suffix for new session files.
    static constexpr const char* kSuffix = "moe-session";

    explicit SessionController(MainWindow* window);
    ~SessionController() override;

    QAction* openAction() const { return m_open; }
    QAction* saveAction() const { return m_save; }
    QAction* saveAsAction() const { return m_saveAs; }

    /// The file the session was last opened from or saved to; empty for a new session.
    QString filePath() const { return m_path; }
    /// Something changed since the session was opened or saved.
    bool isModified() const { return m_revision != m_savedRevision; }

    /// The window's current state as a session; fails (with a message for the status bar)
    /// while training or before the models are built.
    moe::Result<moe::Session> currentSession() const;
    /// Reads, checks and restores `path` into the window. On failure the window is
    /// unchanged and the one-line message (naming the file and the field) is returned.
    QString openFile(const QString& path);
    /// Saves to `path` (atomically) and makes it the session's file; the message on failure.
    QString saveTo(const QString& path);

    /// Off by default (tests and --screenshot never write a recovery file).
    void setAutosaveEnabled(bool enabled);
    bool autosaveEnabled() const { return m_autosave; }
    void setAutosaveInterval(int ms) { m_timer.setInterval(ms); }
    /// This window's recovery file under RecoveryFiles::directory(), locked to this window
    /// while autosave is on.
    QString recoveryPath() const { return m_recovery.path(); }
    /// Writes the recovery file if autosave is on and something changed since it was last
    /// written; true if it wrote one.
    bool autosaveNow();
    /// Writes the recovery file from a checkpoint the worker sent while training (see
    /// TrainingController::requestCheckpoint); true if it wrote one.
    bool autosaveCheckpoint();
    /// Removes the recovery file (a clean quit), when autosave is on.
    void discardRecovery();
    /// If a window that did not end normally left a recovery file, asks whether to restore
    /// the newest (Restore / Discard) and does so; either way that file is then removed.
    /// Older ones wait for the next start.
    void offerRecovery();
    /// Restores the recovery file `path` as an unsaved session; the message on failure.
    /// `path` is removed once this window's own recovery file holds the work, or at close.
    QString restoreRecovery(const QString& path);

    /// Off by default (tests, --screenshot): whether closing asks to save unsaved work.
    void setAskBeforeClosing(bool ask) { m_askBeforeClosing = ask; }
    /// At close: true to go on closing. With unsaved trained work it asks Save / Discard /
    /// Cancel (when asking is on); Save that fails or is cancelled keeps the window open.
    bool confirmClose();

signals:
    /// The file name or the modified state changed (the title follows).
    void titleChanged();

private:
    /// The window's state as shown, also while training (then only consistent right after a
    /// checkpoint).
    moe::Result<moe::Session> sessionAsShown() const;
    bool writeRecovery(const moe::Session& session);
    /// Removes the recovery file restoreRecovery() restored from, if any.
    void dropRestoredCopy();
    void chooseAndOpen();
    bool save();
    bool saveAs();
    void markChanged();
    void markSaved();
    void updateTitle();
    void updateActions();
    void showProblem(const QString& title, const QString& message);

    MainWindow* m_window = nullptr;
    QAction* m_open = nullptr;
    QAction* m_save = nullptr;
    QAction* m_saveAs = nullptr;
    QString m_path;
    quint64 m_revision = 0;
    quint64 m_savedRevision = 0;
    quint64 m_autosavedRevision = 0;
    bool m_autosave = false;
    bool m_askBeforeClosing = false;
    QTimer m_timer;
    RecoveryFiles m_recovery{RecoveryFiles::directory()};
    QString m_restoredFrom;  // another window's recovery file restored here, until ours has the work
};

}  // namespace moe::ui
