// Tests core/io/atomic_file.*: a save killed with SIGKILL leaves its NAME.tmp-XXXXXX
// behind, and the next save to the same path removes it - but not the file of a save still
// running (locked), nor files that only look alike; checkCanSave refuses a destination
// that cannot be written before any work is done.
#include "core/io/atomic_file.h"

#include "tests/support/temp_files.h"

#include <QtTest/QtTest>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

QStringList temporaries(const QTemporaryDir& dir) {
    return QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden);
}

}  // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private slots:
    void theNextSaveRemovesAKilledSavesFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.json").toStdString();
        // Large enough that the child is still writing when it is seen to have begun.
        const std::string big(std::size_t{64} << 20, 'x');
        bool killedMidSave = false;
        for (int trial = 0; trial < 5 && !killedMidSave; ++trial) {
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                (void)moe::writeFileAtomically(path, big);
                ::_exit(0);
            }
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (temporaries(dir).isEmpty() && std::chrono::steady_clock::now() < deadline) {
                int status = 0;
                if (::waitpid(child, &status, WNOHANG) == child) break;  // finished first
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
            ::kill(child, SIGKILL);
            int status = 0;
            ::waitpid(child, &status, 0);
            killedMidSave = WIFSIGNALED(status) && !temporaries(dir).isEmpty();
        }
        QVERIFY2(killedMidSave, "no trial killed the child during its save");
        QCOMPARE(temporaries(dir).size(), 1);

        // A file that only looks like ours (wrong length of suffix) and a save in progress
        // (its file locked, as a live save holds it) are left alone.
        const std::string lookalike = path + ".tmp-1234567";
        moe::testing::writeText(lookalike, "not ours");
        const std::string live = path + ".tmp-LIVE01";
        moe::testing::writeText(live, "partial");
        const int liveFd = ::open(live.c_str(), O_RDONLY);
        QVERIFY(liveFd >= 0);
        QCOMPARE(::flock(liveFd, LOCK_EX), 0);

        QVERIFY(moe::writeFileAtomically(path, "{}\n").ok());
        QCOMPARE(moe::testing::readText(path), std::string("{}\n"));
        QCOMPARE(temporaries(dir), (QStringList{"model.json.tmp-1234567", "model.json.tmp-LIVE01"}));
        ::close(liveFd);
        // Unlocked now: the next save removes it too.
        QVERIFY(moe::writeFileAtomically(path, "{}\n").ok());
        QCOMPARE(temporaries(dir), QStringList{"model.json.tmp-1234567"});
    }

    void checkCanSaveLeavesNothing() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.json").toStdString();
        QVERIFY(moe::checkCanSave(path).ok());
        QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
    }

    void checkCanSaveRefusesBadDestinations() {
        QTemporaryDir dir;
        const auto refused = [](const std::string& p, const char* why) {
            const moe::Status s = moe::checkCanSave(p);
            QVERIFY2(!s.ok(), p.c_str());
            QVERIFY2(s.error().find(why) != std::string::npos, s.error().c_str());
            QVERIFY(s.error().find('\n') == std::string::npos);
        };
        refused(dir.path().toStdString(), "is a directory");
        refused(dir.filePath("absent/out.json").toStdString(), "No such file or directory");
        refused("", "not a file name");
        if (::geteuid() != 0) {
            QVERIFY(QDir(dir.path()).mkdir("ro"));
            QVERIFY(QFile::setPermissions(dir.filePath("ro"), QFile::ReadOwner | QFile::ExeOwner));
            refused(dir.filePath("ro/out.json").toStdString(), "Permission denied");
        }
        // A full file system: /dev/full is a device, not a directory to save in; a full
        // disk is covered by scripts/measure-limits (a tiny tmpfs needs root).
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
