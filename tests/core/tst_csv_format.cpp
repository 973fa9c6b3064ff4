// Tests core/data/csv_format.*: the limits of the first-row search, through readCsv on
// files that are too wide - a row of a million columns, and a 200 MB file of one line -
// each refused with one line naming the file, the line and the limit. Their time and peak
// memory are measured by scripts/measure-limits, not here.
#include "core/data/csv_format.h"
#include "core/data/csv_reader.h"

#include <QtTest/QtTest>

#include <cstdio>
#include <string>

namespace {

/// Writes `count` copies of `piece` to `path`, then `tail`.
void writeRepeated(const std::string& path, const std::string& piece, std::size_t count,
                   const std::string& tail) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    QVERIFY(f != nullptr);
    std::string block;
    for (std::size_t i = 0; i < 4096; ++i) block += piece;
    std::size_t left = count;
    while (left >= 4096) {
        QCOMPARE(std::fwrite(block.data(), 1, block.size(), f), block.size());
        left -= 4096;
    }
    for (; left > 0; --left) QCOMPARE(std::fwrite(piece.data(), 1, piece.size(), f), piece.size());
    QCOMPARE(std::fwrite(tail.data(), 1, tail.size(), f), tail.size());
    QCOMPARE(std::fclose(f), 0);
}

}  // namespace

class TestCsvFormat : public QObject {
    Q_OBJECT

private slots:
    void aMillionColumnsAreRefused() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("wide.csv").toStdString();
        writeRepeated(path, "1,", 1'000'000, "0\n");
        moe::Result<moe::Dataset> d = moe::readCsv(path);
        QVERIFY(!d.ok());
        QCOMPARE(QString::fromStdString(d.error()),
                 QString::fromStdString(path) +
                     ":1:1: a row of more than 65536 fields; a dataset has at most 65536 columns");
    }

    void theLimitItselfIsRead() {
        // kMaxCsvColumns fields are a row like any other.
        QTemporaryDir dir;
        const std::string path = dir.filePath("at-limit.csv").toStdString();
        std::string row;
        for (std::size_t c = 0; c + 1 < moe::kMaxCsvColumns; ++c) row += "1,";
        writeRepeated(path, row + "0\n", 2, row + "1\n");
        moe::Result<moe::Dataset> d = moe::readCsv(path);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().c_str());
        QCOMPARE(d.value().cols, moe::kMaxCsvColumns - 1);
        QCOMPARE(d.value().rows, std::size_t{3});
    }

    void aLineOf200MegabytesIsRefused() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("one-line.csv").toStdString();
        writeRepeated(path, "1,", 100'000'000, "");
        moe::Result<moe::Dataset> d = moe::readCsv(path);
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.error())
                     .startsWith(QString::fromStdString(path) + ":1:1: a row of more than 65536"),
                 d.error().c_str());
        QVERIFY(d.error().find('\n') == std::string::npos);
    }

    void aLongLineOfOneFieldIsRefused() {
        // No delimiter at all: the field limit of the tokenizer ends the search.
        QTemporaryDir dir;
        const std::string path = dir.filePath("one-field.csv").toStdString();
        writeRepeated(path, "x", 3'000'000, "\n1\n");
        moe::Result<moe::Dataset> d = moe::readCsv(path);
        QVERIFY(!d.ok());
        QVERIFY2(d.error().find("a field longer than 1 MiB") != std::string::npos,
                 d.error().c_str());
    }
};

QTEST_GUILESS_MAIN(TestCsvFormat)
#include "tst_csv_format.moc"
