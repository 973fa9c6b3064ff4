#include "ui/window/recovery_files.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace moe::ui {
namespace {

constexpr const char* kSessionSuffix = ".moe-session";

QString lockPathFor(const QString& sessionPath) {
    QString lock = sessionPath;
    lock.chop(static_cast<qsizetype>(qstrlen(kSessionSuffix)));
    return lock + QStringLiteral(".lock");
}

std::unique_ptr<QLockFile> lockFor(const QString& sessionPath) {
    auto lock = std::make_unique<QLockFile>(lockPathFor(sessionPath));
    lock->setStaleLockTime(0);  // stale only when the owning process is gone
    return lock;
}

/// True if nobody runs that owns `sessionPath`: its lock is free or its owner died.
bool ownerGone(const QString& sessionPath) {
    auto lock = lockFor(sessionPath);
    if (!lock->tryLock(0)) return false;
    lock->unlock();
    return true;
}

}  // namespace

QString RecoveryFiles::directory() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QStringList RecoveryFiles::orphans(const QString& dir) {
    const QDir d(dir);
    QFileInfoList files = d.entryInfoList({QStringLiteral("recovery*") + QLatin1String(kSessionSuffix)}, QDir::Files);
    std::sort(files.begin(), files.end(),
              [](const QFileInfo& a, const QFileInfo& b) { return a.lastModified() > b.lastModified(); });
    QStringList out;
    for (const QFileInfo& f : files)
        if (ownerGone(f.absoluteFilePath())) out << f.absoluteFilePath();
    return out;
}

bool RecoveryFiles::removeOrphan(const QString& path) {
    auto lock = lockFor(path);
    if (!lock->tryLock(0)) return false;
    QFile::remove(path);
    return true;  // the lock file goes with `lock`
}

RecoveryFiles::RecoveryFiles(const QString& dir)
    : m_path(QDir(dir).filePath(QStringLiteral("recovery-") + QUuid::createUuid().toString(QUuid::WithoutBraces) +
                                QLatin1String(kSessionSuffix))) {}

RecoveryFiles::~RecoveryFiles() = default;

bool RecoveryFiles::claim() {
    if (claimed()) return true;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    auto lock = lockFor(m_path);
    if (!lock->tryLock(0)) return false;
    m_lock = std::move(lock);
    return true;
}

void RecoveryFiles::release() { m_lock.reset(); }

bool RecoveryFiles::claimed() const { return m_lock && m_lock->isLocked(); }

}  // namespace moe::ui
