#pragma once
// Shared by the tests of the `moe` command line (tests/cli/tst_cli_<command>.cpp): runs the
// built moe executable as a process in a working directory and keeps what it printed, parses
// its one JSON object, and writes the CSV files the CSV cases read (as R's write.csv and
// European spreadsheets write them, and broken in each way the reader reports with
// file:line:column).
//
//   class TestCliTrain : public moe::testing::CliTestCase {   // m_dir, moe(args)
//       ...
//   QVERIFY(moe::testing::writeCliCsvFiles(m_dir));
//   const moe::testing::Run r = moe({"train", "--data", "csv/r.csv"});
//   QCOMPARE(r.exitCode, 0);

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QtGlobal>

#ifndef MOE_CLI_PATH
#error "MOE_CLI_PATH must name the built moe executable"
#endif

namespace moe::testing {

/// What one run of moe left behind.
struct Run {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

/// Quick settings every small training run uses.
inline const QStringList kQuick{"--samples", "200", "--epochs", "3", "--batch", "64"};

/// Runs `moe args...` in `dir`; a run that does not finish within two minutes is killed and
/// comes back with exit code -1.
inline Run runMoe(const QTemporaryDir& dir, const QStringList& args) {
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral(MOE_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        qWarning("moe %s did not finish", qPrintable(args.join(' ')));
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// `text` as one JSON object; an empty object (and a warning showing the text) otherwise.
inline QJsonObject parseObject(const QByteArray& text) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("not one JSON object: %s\n%s", qPrintable(error.errorString()), text.constData());
        return {};
    }
    return doc.object();
}

/// Checks that `r` refused bad input as the command line promises: exit status 2, nothing on
/// stdout, one line on stderr that starts with "moe: " and holds `expected`. A failure is
/// recorded in the calling test (QVERIFY returns from here only).
inline void verifyRefused(const Run& r, const QString& expected) {
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QVERIFY2(r.err.endsWith('\n') && r.err.count('\n') == 1, r.err.constData());
    QVERIFY2(r.err.startsWith("moe: "), r.err.constData());
    QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
}

/// Writes csv/<name> under `dir`; false (and a warning naming the file) if it cannot.
inline bool writeCliFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    QFile f(dir.filePath(QStringLiteral("csv/") + name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        qWarning("cannot write %s", qPrintable(f.fileName()));
        return false;
    }
    return true;
}

/// The CSV files of the CSV cases, in `dir`/csv (a subdirectory: the save test checks that
/// saving leaves nothing in the top one but the model).
inline bool writeCliCsvFiles(const QTemporaryDir& dir) {
    if (!QDir(dir.path()).mkpath(QStringLiteral("csv"))) return false;
    QByteArray r("\"\",\"x 1\",\"x 2\",\"kind\"\n");
    QByteArray eu(
        "\xEF\xBB\xBF\"Gr\xC3\xB6\xC3\x9F"
        "e\";\"Dichte\";\"Art\"\r\n");
    for (int i = 0; i < 60; ++i) {
        const QByteArray a = QByteArray::number(i % 3), b = QByteArray::number(i % 7);
        r += "\"" + QByteArray::number(i + 1) + "\"," + a + ".5," + b + ",\"" +
             (i % 2 ? "odd" : "even") + "\"\n";
        eu += a + ",25;" + b + ",5;" + (i % 2 ? "ungerade" : "gerade") + "\r\n";
    }
    QByteArray script("\"<script>alert(1)</script>\",b,kind\n");
    for (int i = 0; i < 80; ++i)
        script += QByteArray::number(i % 5) + "," + QByteArray::number((i * 7) % 11) + "," + (i % 2 ? "x" : "y") + "\n";
    QByteArray late("a,b,y\n");
    for (int i = 0; i < 1100; ++i) late += "1,2,0\n3,4,1\n";
    const struct {
        const char* name;
        QByteArray bytes;
    } files[] = {
        {"r.csv", r},
        {"script.csv", script},
        {"european.csv", eu},
        {"ragged.csv", "a,b,y\n1,2,0\n3,4,1,9\n"},
        {"unterminated.csv", "a,b,y\n1,2,0\n3,\"4,1\n"},
        {"empty.csv", ""},
        {"header.csv", "a,b,y\n"},
        {"single.csv", "a\n1\n2\n"},
        {"oneclass.csv", "a,b,y\n1,2,x\n3,4,x\n"},
        {"infinite.csv", "a,b,y\n1,2,0\n-inf,4,1\n"},
        {"binary.csv", QByteArray("\x7f"
                                  "ELF\x02\x01\x01\0\0\0",
                                  10)},
        {"late.csv", late + "5,six,1\n"},
    };
    for (const auto& file : files)
        if (!writeCliFile(dir, QString::fromLatin1(file.name), file.bytes)) return false;
    return true;
}

/// The base of each CLI test class: a temporary working directory and moe() to run the
/// executable in it.
class CliTestCase : public QObject {
protected:
    Run moe(const QStringList& args) const { return runMoe(m_dir, args); }

    QTemporaryDir m_dir;
};

}  // namespace moe::testing
