#pragma once
// Intended usage: every window that autosaves owns one recovery file, named for it and
// guarded by a lock file that lives as long as the window, so two windows (or two copies
// of the program) never write over each other's work. A window that starts later finds
// the files whose owner is gone - it crashed - and offers them; a file whose owner still
// runs is never touched.
//
//   RecoveryFiles mine(RecoveryFiles::directory());
//   if (mine.claim()) saveSession(mine.path(), ...);     // recovery-<id>.moe-session
//   ...
//   for (const QString& orphan : RecoveryFiles::orphans(RecoveryFiles::directory())) ...
//
// Lock files hold the owner's process id (QLockFile), so an owner that died is noticed at
// once, on this host; no time limit applies, so a window open for days keeps its file.

#include <QString>
#include <QStringList>

#include <memory>

class QLockFile;

namespace moe::ui {

class RecoveryFiles {
public:
    /// Where recovery files live: QStandardPaths::AppDataLocation.
    static QString directory();
    /// The recovery files in `dir` whose owner is no longer running, newest first. The
    /// file of the old single-file scheme (recovery.moe-session) counts as one.
    static QStringList orphans(const QString& dir);
    /// Deletes an orphan and its lock file; false if its owner runs (then nothing is touched).
    static bool removeOrphan(const QString& path);

    explicit RecoveryFiles(const QString& dir);
    ~RecoveryFiles();
    RecoveryFiles(const RecoveryFiles&) = delete;
    RecoveryFiles& operator=(const RecoveryFiles&) = delete;

    /// This owner's recovery file (it need not exist).
    QString path() const { return m_path; }
    /// Takes the lock on path() (creating the directory); true if held. Idempotent.
    bool claim();
    /// Gives the lock up; the recovery file itself is left as it is.
    void release();
    bool claimed() const;

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

}  // namespace moe::ui
