#include "ui/window/session_controller.h"
#include "ui/messages/message_text.h"

#include "ui/window/main_window.h"
#include "ui/history/run_history_model.h"
#include "ui/history/run_history_view.h"
#include "ui/training/training_controller.h"

#include "core/train/sample_inspector.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>

namespace moe::ui {
namespace {

std::string localPath(const QString& path) { return QFile::encodeName(path).toStdString(); }

QString shortcutText(const QAction* action) {
    return action->shortcut().toString(QKeySequence::NativeText);
}

}  // namespace

SessionController::SessionController(MainWindow* window) : QObject(window), m_window(window) {
    QStyle* style = window->style();
    m_open = new QAction(style->standardIcon(QStyle::SP_DirOpenIcon), tr("Open &session…"), this);
    m_open->setObjectName(QStringLiteral("openSessionAction"));
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_open->setToolTip(tr("Reopen a saved session: its data, settings, trained MoE and run history, "
                          "every view as it was (%1)")
                           .arg(shortcutText(m_open)));
    m_open->setStatusTip(m_open->toolTip());
    connect(m_open, &QAction::triggered, this, &SessionController::chooseAndOpen);

    m_save = new QAction(style->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save session"), this);
    m_save->setObjectName(QStringLiteral("saveSessionAction"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save the data's source, the settings, the trained MoE, this run's curves and "
                          "routing history, its cost and latency, and every run in History (%1)")
                           .arg(shortcutText(m_save)));
    m_save->setStatusTip(m_save->toolTip());
    connect(m_save, &QAction::triggered, this, [this] { save(); });

    m_saveAs = new QAction(tr("Save session &as…"), this);
    m_saveAs->setObjectName(QStringLiteral("saveSessionAsAction"));
    m_saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAs->setToolTip(tr("Save the session to a new file (%1)").arg(shortcutText(m_saveAs)));
    m_saveAs->setStatusTip(m_saveAs->toolTip());
    connect(m_saveAs, &QAction::triggered, this, [this] { saveAs(); });

    TrainingController* c = window->controller();
    connect(c, &TrainingController::experimentReset, this, &SessionController::markChanged);
    connect(c, &TrainingController::historyChanged, this, [this, c] {
        if (c->epochsCompleted() > 0) markChanged();  // trained epochs; a new build's epoch 0 is not a change
    });
    connect(c, &TrainingController::runRecorded, this, &SessionController::markChanged);
    connect(c, &TrainingController::stateChanged, this, &SessionController::updateActions);
    // A run's end is worth keeping at once. Latency is the last thing the worker sends after
    // a run (after the territory, inspector and sweep), so the saved run is all in.
    connect(c, &TrainingController::latencyChanged, this, [this] { autosaveNow(); });

    m_timer.setInterval(kAutosaveIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { autosaveNow(); });
    // While training, the worker sends a model and history that belong together.
    connect(c, &TrainingController::checkpointReady, this, [this] { autosaveCheckpoint(); });
    updateTitle();
    updateActions();
}

SessionController::~SessionController() = default;

void SessionController::markChanged() {
    ++m_revision;
    updateTitle();
}

void SessionController::markSaved() {
    m_savedRevision = m_revision;
    updateTitle();
}

void SessionController::updateTitle() {
    const QString name = m_path.isEmpty() ? tr("Untitled session") : QFileInfo(m_path).fileName();
    m_window->setWindowTitle(tr("%1[*] — MoE Explorer").arg(name));
    m_window->setWindowModified(isModified());
    emit titleChanged();
}

void SessionController::updateActions() {
    const bool busy = m_window->controller()->isBusy();
    m_open->setEnabled(!busy);
    m_save->setEnabled(!busy);
    m_saveAs->setEnabled(!busy);
}

Result<Session> SessionController::currentSession() const {
    if (m_window->controller()->isBusy()) return Error{tr("stop or pause training first").toStdString()};
    return sessionAsShown();
}

Result<Session> SessionController::sessionAsShown() const {
    const TrainingController* c = m_window->controller();
    if (!c->inspector() || c->history().isEmpty() || !c->hasCost())
        return Error{tr("there is no model yet (the settings are invalid, or it is being built)").toStdString()};
    Session s;
    s.dataset = m_window->datasetSource();
    s.config = c->config();
    s.model = c->inspector()->model();
    s.history.assign(c->history().cbegin(), c->history().cend());
    s.cost = c->cost();
    if (c->hasLatency()) s.latency = c->latency();
    s.savings = c->savings();
    s.runs = m_window->runHistory()->model()->runs();
    s.trainingSpeed = c->speed();
    return s;
}

QString SessionController::openFile(const QString& path) {
    if (m_window->controller()->isBusy()) return tr("%1: stop or pause training before opening a session").arg(path);
    // Everything is read and checked before the window is touched.
    Result<RestoredSession> restored = moe::openSession(localPath(path));
    if (!restored) return QString::fromStdString(restored.error());
    const moe::Experiment& e = *restored.value().experiment;  // the window takes it below
    QString message = tr("Opened session %1: %2, %3 of %4 epochs.")
                          .arg(QFileInfo(path).fileName(), QString::fromStdString(e.data().name))
                          .arg(e.epochsCompleted())
                          .arg(e.config().train.epochs);
    const bool ended = e.isRestored();
    m_window->applySession(restored.value());
    m_path = QFileInfo(path).absoluteFilePath();
    markSaved();
    m_autosavedRevision = m_revision;
    if (ended)
        message += QLatin1Char(' ') + tr("This run has ended (its dense baselines were not saved); "
                                         "Train starts a new run with these settings.");
    m_window->statusBar()->showMessage(visibleMessage(message));
    return {};
}

QString SessionController::saveTo(const QString& path) {
    Result<Session> session = currentSession();
    if (!session) return tr("%1: cannot save: %2").arg(path, QString::fromStdString(session.error()));
    if (Status s = moe::saveSession(localPath(path), session.value()); !s) return QString::fromStdString(s.error());
    m_path = QFileInfo(path).absoluteFilePath();
    markSaved();
    m_window->statusBar()->showMessage(visibleMessage(tr("Saved the session to %1.").arg(QDir::toNativeSeparators(m_path))));
    return {};
}

bool SessionController::save() {
    if (m_path.isEmpty()) return saveAs();
    const QString problem = saveTo(m_path);
    if (!problem.isEmpty()) showProblem(tr("Could not save the session"), problem);
    return problem.isEmpty();
}

bool SessionController::saveAs() {
    QString start = m_path;
    if (start.isEmpty())
        start = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                    .filePath(tr("session") + QLatin1Char('.') + QLatin1String(kSuffix));
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save the session"), start,
                                                tr("MoE Explorer sessions (*.%1);;All files (*)").arg(QLatin1String(kSuffix)));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + QLatin1String(kSuffix);
    const QString problem = saveTo(path);
    if (!problem.isEmpty()) showProblem(tr("Could not save the session"), problem);
    return problem.isEmpty();
}

void SessionController::chooseAndOpen() {
    const QString start = m_path.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                            : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open a session"), start,
        tr("MoE Explorer sessions (*.%1);;JSON files (*.json);;All files (*)").arg(QLatin1String(kSuffix)));
    if (path.isEmpty()) return;
    const QString problem = openFile(path);
    if (!problem.isEmpty()) showProblem(tr("Could not open the session"), problem);
}

void SessionController::showProblem(const QString& title, const QString& message) {
    m_window->statusBar()->showMessage(visibleMessage(message));
    showWarning(m_window, title, message);
}

void SessionController::setAutosaveEnabled(bool enabled) {
    m_autosave = enabled;
    if (enabled) {
        m_recovery.claim();  // if that fails, writing will, and says so in the status bar
        m_timer.start();
    } else {
        m_timer.stop();
        m_recovery.release();
    }
}

bool SessionController::autosaveNow() {
    if (!m_autosave || m_revision == m_autosavedRevision) return false;
    if (m_window->controller()->state() == TrainingState::Running) {
        // The run so far: saved as a run stopped after the epoch being trained.
        m_window->controller()->requestCheckpoint();
        return false;
    }
    Result<Session> session = currentSession();
    if (!session) return false;  // building or stopping: the next tick or the run's end saves it
    return writeRecovery(session.value());
}

bool SessionController::autosaveCheckpoint() {
    if (!m_autosave || m_revision == m_autosavedRevision) return false;
    Result<Session> session = sessionAsShown();
    if (!session) return false;
    return writeRecovery(session.value());
}

bool SessionController::writeRecovery(const Session& session) {
    const QString path = recoveryPath();
    if (!m_recovery.claim()) {
        m_window->statusBar()->showMessage(visibleMessage(tr("Autosave failed: cannot create %1").arg(QDir::toNativeSeparators(path))));
        return false;
    }
    if (Status s = moe::saveSession(localPath(path), session); !s) {
        m_window->statusBar()->showMessage(visibleMessage(tr("Autosave failed: %1").arg(QString::fromStdString(s.error()))));
        return false;
    }
    m_autosavedRevision = m_revision;
    dropRestoredCopy();
    return true;
}

void SessionController::dropRestoredCopy() {
    if (m_restoredFrom.isEmpty()) return;
    RecoveryFiles::removeOrphan(m_restoredFrom);
    m_restoredFrom.clear();
}

void SessionController::discardRecovery() {
    if (m_autosave) QFile::remove(recoveryPath());
    dropRestoredCopy();  // closing: the user has saved or discarded the restored work
}

QString SessionController::restoreRecovery(const QString& path) {
    const QString problem = openFile(path);
    if (!problem.isEmpty()) return problem;
    // Restored work that has not been saved anywhere yet. The copy it came from stays until
    // this window's own recovery file holds the work (writeRecovery) or the window closes.
    m_path.clear();
    markChanged();
    m_restoredFrom = path;
    autosaveNow();
    m_window->statusBar()->showMessage(tr("Restored the work of the last session, which did not end normally. "
                                          "Save it (%1) to keep it.")
                                           .arg(shortcutText(m_save)));
    return {};
}

bool SessionController::confirmClose() {
    const TrainingController* c = m_window->controller();
    const bool trainedWork = c->epochsCompleted() > 0 || !m_window->runHistory()->model()->runs().empty();
    if (!m_askBeforeClosing || !isModified() || !trainedWork || c->isBusy()) return true;
    const QString name = m_path.isEmpty() ? tr("this session") : QFileInfo(m_path).fileName();
    const auto answer = QMessageBox::question(
        m_window, tr("Save the session?"),
        tr("Save the changes to %1 before closing? Otherwise the trained model and the run history are lost.")
            .arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) return save();
    return true;
}

void SessionController::offerRecovery() {
    const QStringList orphans = RecoveryFiles::orphans(RecoveryFiles::directory());
    if (orphans.isEmpty()) return;
    const QString path = orphans.first();
    QMessageBox box(QMessageBox::Question, tr("Restore unsaved work?"),
                    tr("MoE Explorer did not end normally last time. Its work was saved automatically on %1.")
                        .arg(QLocale().toString(QFileInfo(path).lastModified(), QLocale::ShortFormat)),
                    QMessageBox::NoButton, m_window);
    QString info = tr("Restore brings back the data, settings, trained model and run history as they "
                      "were then. Discard deletes that copy.");
    if (orphans.size() == 2)
        info += QLatin1Char(' ') + tr("One older copy is offered at the next start.");
    else if (orphans.size() > 2)
        info += QLatin1Char(' ') + tr("%1 older copies are offered at the next starts, one each time.")
                                       .arg(orphans.size() - 1);
    box.setInformativeText(info);
    QPushButton* restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
    box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == restore) {
        const QString problem = restoreRecovery(path);
        if (problem.isEmpty()) return;  // the copy goes once this window's own file has the work
        showWarning(m_window, tr("Could not restore"), tr("%1\n\nThe copy is discarded.").arg(problem));
    }
    RecoveryFiles::removeOrphan(path);
}

}  // namespace moe::ui
