// Tests core/io/json_file.*: reading a JSON file within bounded memory and time whatever
// the file is - over the limit (regular, a pipe, /dev/zero), a tree far larger than its
// text, a 100 MB document - each refused with one line naming the file. Peak memory and
// time of the large inputs are measured by scripts/measure-limits, not here.
#include "core/io/json_file.h"
#include "core/io/model_file.h"

#include <QtTest/QtTest>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

void writeRepeated(const std::string& path, const std::string& head, const std::string& piece,
                   std::size_t count, const std::string& tail) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    QVERIFY(f != nullptr);
    std::string block;
    for (int i = 0; i < 4096; ++i) block += piece;
    QCOMPARE(std::fwrite(head.data(), 1, head.size(), f), head.size());
    for (std::size_t n = 0; n < count; n += 4096)
        QCOMPARE(std::fwrite(block.data(), 1, block.size(), f), block.size());
    QCOMPARE(std::fwrite(tail.data(), 1, tail.size(), f), tail.size());
    QCOMPARE(std::fclose(f), 0);
}

bool oneLine(const std::string& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20) return false;
    return !s.empty();
}

}  // namespace

class TestJsonFile : public QObject {
    Q_OBJECT

private slots:
    void readsADocument() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.json").toStdString();
        writeRepeated(path, "{\"a\": [", "1, ", 4096, "2], \"b\": \"x\"}\n");
        moe::Result<nlohmann::ordered_json> doc = moe::readJsonFile(path, "test file", 1 << 20);
        QVERIFY2(doc.ok(), doc.ok() ? "" : doc.error().c_str());
        QCOMPARE(doc.value()["a"].size(), std::size_t{4097});
        QCOMPARE(doc.value()["b"].get<std::string>(), std::string("x"));
    }

    void devZeroIsRefusedAtOnce() {
        moe::Result<nlohmann::ordered_json> doc =
            moe::readJsonFile("/dev/zero", "model file", std::uintmax_t{512} << 20);
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().rfind("/dev/zero: not valid JSON", 0) == 0, doc.error().c_str());
        QVERIFY(oneLine(doc.error()));
    }

    void anEndlessPipeIsRefusedAtTheLimit() {
        // A FIFO fed valid JSON forever: refused once the limit is read, not read to its end
        // (numbers padded to 32 bytes, so their tree stays under its own bound).
        std::signal(SIGPIPE, SIG_IGN);
        QTemporaryDir dir;
        const std::string path = dir.filePath("fifo").toStdString();
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        std::thread writer([&] {
            const int fd = ::open(path.c_str(), O_WRONLY);
            if (fd < 0) return;
            std::string piece = "[";
            for (int i = 0; i < 8192; ++i) piece += "1,                              ";
            ::write(fd, piece.data(), piece.size());
            piece.erase(0, 1);
            while (::write(fd, piece.data(), piece.size()) > 0) {
            }
            ::close(fd);
        });
        moe::Result<nlohmann::ordered_json> doc = moe::readJsonFile(path, "model file", 1 << 20);
        // The reader is closed: the writer's next write fails (EPIPE, SIGPIPE ignored).
        writer.join();
        QVERIFY(!doc.ok());
        QCOMPARE(QString::fromStdString(doc.error()),
                 QString::fromStdString(path) + ": too large for a model file (over 1 MiB)");
    }

    void aRegularFileOverTheLimitIsRefusedUnread() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("big.json").toStdString();
        writeRepeated(path, "", " ", 1 << 20, "{}");
        moe::Result<nlohmann::ordered_json> doc = moe::readJsonFile(path, "session file", 1 << 20);
        QVERIFY(!doc.ok());
        QCOMPARE(QString::fromStdString(doc.error()),
                 QString::fromStdString(path) + ": too large for a session file (over 1 MiB)");
    }

    void aTreeFarLargerThanItsTextIsRefused() {
        // 20 MB of empty arrays would take about 40 bytes each per 3 bytes of text.
        QTemporaryDir dir;
        const std::string path = dir.filePath("dense.json").toStdString();
        writeRepeated(path, "[", "[],", 7 << 20, "[]]");
        moe::Result<nlohmann::ordered_json> doc =
            moe::readJsonFile(path, "model file", std::uintmax_t{512} << 20);
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().find(": not a model file: its JSON would need over 16 bytes of "
                                  "memory per byte of text") != std::string::npos,
                 doc.error().c_str());
        QVERIFY(oneLine(doc.error()));
    }

    void smallNumbersNearTheLimitAreRefusedByTheirTree() {
        // 0.9 MiB of "1," under a 1 MiB limit: a tree of 32 bytes per 2 bytes of text would
        // outgrow 3 times the limit, so the file is refused, whatever its size.
        QTemporaryDir dir;
        const std::string path = dir.filePath("ones.json").toStdString();
        writeRepeated(path, "[", "1,", 450 * 1024, "1]");
        moe::Result<nlohmann::ordered_json> doc = moe::readJsonFile(path, "model file", 1 << 20);
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().rfind(path + ": too large for a model file: its JSON would need over 3 MiB of memory", 0) == 0,
                 doc.error().c_str());
    }

    void aHundredMegabyteModelIsRefusedByItsContent() {
        // Valid JSON of 100 MB that is not a model: read through, then refused by name.
        QTemporaryDir dir;
        const std::string path = dir.filePath("huge-model.json").toStdString();
        writeRepeated(path, "{\"format\": \"moe-explorer-model\", \"pad\": [", "0.123456789, ",
                      100'000'000 / 13, "0]}");
        moe::Result<moe::TrainedModel> model = moe::loadModel(path);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().rfind(path + ": ", 0) == 0, model.error().c_str());
        QVERIFY(oneLine(model.error()));
    }

    void wholeFilesAreReadWithinTheLimit() {
        // readWholeFile (for files parsed by other means) stops at the limit too.
        moe::Result<std::string> zero = moe::readWholeFile("/dev/zero", "glossary file", 1 << 20);
        QVERIFY(!zero.ok());
        QCOMPARE(zero.error(), std::string("/dev/zero: too large for a glossary file (over 1 MiB)"));
        QTemporaryDir dir;
        const std::string path = dir.filePath("g.json").toStdString();
        writeRepeated(path, "", "abc", 40000, "!");
        moe::Result<std::string> text = moe::readWholeFile(path, "glossary file", 1 << 20);
        QVERIFY(text.ok());
        QCOMPARE(text.value().size(), std::size_t{3 * 40960 + 1});
    }

    void aDirectoryAndAMissingFileAreNamed() {
        QTemporaryDir dir;
        moe::Result<nlohmann::ordered_json> d =
            moe::readJsonFile(dir.path().toStdString(), "model file", 1 << 20);
        QVERIFY(!d.ok());
        QVERIFY2(d.error().find(": cannot open: is a directory") != std::string::npos,
                 d.error().c_str());
        const std::string missing = dir.filePath("absent.json").toStdString();
        d = moe::readJsonFile(missing, "model file", 1 << 20);
        QVERIFY(!d.ok());
        QCOMPARE(d.error(), missing + ": cannot open: No such file or directory");
    }
};

QTEST_GUILESS_MAIN(TestJsonFile)
#include "tst_json_file.moc"
