// Tests `moe` against hostile input and faults, end to end: very wide CSV files, escape
// sequences in every kind of data a message quotes, a directory as --data, destinations
// that cannot be written (refused before training), and running out of memory. Each bad
// case exits 2 with one printable line on stderr naming the input.
#include "tests/cli/cli_process.h"
#include "tests/support/temp_files.h"

#include <QElapsedTimer>
#include <QTest>

#include <string>

using moe::testing::Run;

namespace {

/// One line of printable text: no control character but the final newline.
bool onePrintableLine(const QByteArray& text) {
    if (!text.endsWith('\n')) return false;
    for (qsizetype i = 0; i + 1 < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) < 0x20 || text[i] == '\x7f') return false;
    return true;
}

}  // namespace

// GCC says AddressSanitizer is on with __SANITIZE_ADDRESS__; clang 14 says it with
// __has_feature(address_sanitizer).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MOE_HAS_ASAN_FEATURE 1
#endif
#endif
#ifndef MOE_HAS_ASAN_FEATURE
#define MOE_HAS_ASAN_FEATURE 0
#endif

class TestCliHardening : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fourThousandColumnsTrain() {
        // 50 rows x 4,000 features: the map's principal components no longer cost a
        // 4,000 x 4,000 eigen-decomposition.
        QByteArray csv;
        for (int c = 0; c < 4000; ++c) csv += "f" + QByteArray::number(c) + ",";
        csv += "label\n";
        for (int r = 0; r < 50; ++r) {
            for (int c = 0; c < 4000; ++c) csv += QByteArray::number((r * 7 + c * 13) % 17) + ",";
            csv += QByteArray::number(r % 2) + "\n";
        }
        const QString path = moe::testing::writeFile(m_dir, "wide.csv", csv);
        const Run r = moe({"train", "--data", path, "--epochs", "2", "--hidden", "8", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void aMillionColumnsAreRefused() {
        QByteArray row;
        for (int c = 0; c < 1'000'000; ++c) row += "1,";
        row += "0\n";
        const QString path = moe::testing::writeFile(m_dir, "million.csv", row + row);
        const Run r = moe({"train", "--data", path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(onePrintableLine(r.err));
        QVERIFY2(r.err.startsWith("moe: " + path.toUtf8() + ":1:1: a row of more than 65536 fields"),
                 r.err.constData());
    }

    void escapeSequencesInDataStayVisible_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray esc = "\x1b[2J\r";
        // Enough rows that two control characters are not taken for binary data; for the
        // cell, more than the rows whose types are inferred, so it is read as a number.
        QByteArray rows;
        for (int r = 0; r < 100; ++r) rows += QByteArray::number(r) + "," + QByteArray::number(r % 2) + "\n";
        const QString cell = moe::testing::writeFile(m_dir, "cell.csv", "a,b\n" + rows.repeated(12) + "\"2" + esc + "\",1\n");
        QTest::newRow("CSV cell") << QStringList{"train", "--data", cell} << QByteArray("'2\\x1b[2J\\r'");
        const QString header = moe::testing::writeFile(m_dir, "header.csv", "\"a" + esc + "\",b\n" + rows);
        QTest::newRow("CSV header") << QStringList{"train", "--data", header, "--label", "zz"}
                                    << QByteArray("a\\x1b[2J\\r");
        // In JSON text the controls are escaped; the loaded key or value holds them.
        const QByteArray jsonEsc = "\\u001b[2J\\r";
        const QString key = moe::testing::writeFile(
            m_dir, "key.json", "{\"format\": \"moe-explorer-model\", \"format_version\": 1, \"k" + jsonEsc + "\": 1}");
        QTest::newRow("JSON key") << QStringList{"eval", "--model", key, "--data", "xor"}
                                  << QByteArray("k\\x1b[2J\\r");
        const QString value = moe::testing::writeFile(m_dir, "value.json", "{\"format\": \"x" + jsonEsc + "\"}");
        QTest::newRow("JSON value") << QStringList{"eval", "--model", value, "--data", "xor"}
                                    << QByteArray("\"x\\x1b[2J\\r\"");
        QTest::newRow("path") << QStringList{"train", "--data", QString::fromUtf8("no" + esc + ".csv")}
                              << QByteArray("no\\x1b[2J\\r.csv");
    }

    void escapeSequencesInDataStayVisible() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, expected);
        const Run r = moe(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(onePrintableLine(r.err), r.err.toHex().constData());
        QVERIFY2(r.err.contains(expected), r.err.constData());
    }

    void aDirectoryIsNamedAsOne() {
        QVERIFY(QDir(m_dir.path()).mkpath("data.csv"));
        const Run r = moe({"train", "--data", m_dir.filePath("data.csv")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(onePrintableLine(r.err));
        QVERIFY2(r.err.contains("is a directory, not a CSV file"), r.err.constData());
    }

    void unwritableDestinationsAreRefusedBeforeTraining_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("path");
        // No one, not even root, creates files in /proc.
        QTest::newRow("--save") << "--save" << "/proc/m.json";
        QTest::newRow("--metrics") << "--metrics" << "/proc/m.csv";
    }

    void unwritableDestinationsAreRefusedBeforeTraining() {
        QFETCH(QString, option);
        QFETCH(QString, path);
        // 100,000 epochs would take minutes: the refusal must come first.
        QElapsedTimer clock;
        clock.start();
        const Run r = moe({"train", "--data", "xor", "--epochs", "100000", option, path});
        const double seconds = static_cast<double>(clock.elapsed()) / 1000.0;
        QCOMPARE(r.exitCode, 2);
        QVERIFY(onePrintableLine(r.err));
        QVERIFY2(r.err.startsWith("moe: " + option.toUtf8() + ": " + path.toUtf8() + ": cannot save: "),
                 r.err.constData());
        QVERIFY2(seconds < 20.0, qPrintable(QString::number(seconds)));
    }

    void outOfMemoryExitsTwoNamingTheData() {
#if defined(__SANITIZE_ADDRESS__) || MOE_HAS_ASAN_FEATURE
        QSKIP("AddressSanitizer reserves terabytes of address space; a limit on it cannot be set");
#endif
        // 4,096 hidden units for 16 experts on 4,000 features need gigabytes: under a 1 GiB
        // address-space limit the allocation fails and is reported, not a crash or exit 1.
        const QString data = m_dir.filePath("wide.csv");
        QVERIFY2(QFile::exists(data), "fourThousandColumnsTrain writes it");
        QProcess p;
        p.start("/bin/sh", {"-c", "ulimit -v 1048576 && exec \"$0\" \"$@\"", QStringLiteral(MOE_CLI_PATH),
                            "train", "--data", data, "--hidden", "4096", "--experts", "16",
                            "--epochs", "1", "--threads", "1"});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(onePrintableLine(err), err.constData());
        QVERIFY2(err.startsWith("moe: out of memory while working on --data '" + data.toUtf8() +
                                "' (50 rows x 4000 features)"),
                 err.constData());
    }

};

QTEST_GUILESS_MAIN(TestCliHardening)
#include "tst_cli_hardening.moc"
