// Tests `moe train --report`: the HTML or PDF report drawn without a window (or, in a build
// without the GUI library, one line saying it cannot), running the `moe` executable as a user or a
// script runs it. Runs stay tiny: a few epochs on a few hundred rows.
#include <QDir>
#include <QFile>
#include <QTest>

#include "tests/cli/cli_process.h"

using moe::testing::parseObject;
using moe::testing::Run;

class TestCliReport : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void trainWritesTheReportWithoutAWindow_data();
    void trainWritesTheReportWithoutAWindow();
};

void TestCliReport::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(moe::testing::writeCliCsvFiles(m_dir));
}

void TestCliReport::trainWritesTheReportWithoutAWindow_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("data");
    QTest::addColumn<QStringList>("origin");  // what the HTML says of where the data came from
    // A column named like a script: the report must show it, not run it.
    const QStringList csv{"--data", "csv/script.csv"};
    QTest::newRow("html") << "report.html" << csv
                          << QStringList{"the CSV file <span class=path>csv/script.csv</span>", "label: the last column"};
    QTest::newRow("pdf") << "report.pdf" << csv << QStringList{};
    QTest::newRow("generated html") << "generated.html"
                                    << QStringList{"--data", "moons", "--samples", "160", "--data-seed", "7"}
                                    << QStringList{"built-in <b>moons</b> generator: 160 samples", "seed 7"};
}

void TestCliReport::trainWritesTheReportWithoutAWindow() {
    QFETCH(QString, name);
    QFETCH(QStringList, data);
    QFETCH(QStringList, origin);
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("reports")));
    const QString path = m_dir.filePath(QStringLiteral("reports/") + name);
    const Run train = moe(QStringList{"train"} + data + QStringList{"--report", path, "--json", "--epochs", "3"});
    if (!MOE_CLI_HAS_REPORT) {
        // A build without the GUI library cannot draw the report: it must say so and write nothing.
        QCOMPARE(train.exitCode, 2);
        QVERIFY2(train.err.contains("this build has no GUI"), train.err.constData());
        QVERIFY(!QFile::exists(path));
        return;
    }
    QVERIFY2(train.exitCode == 0, train.err.constData());
    QVERIFY2(train.err.isEmpty(), train.err.constData());  // no platform chatter
    QCOMPARE(parseObject(train.out).value("report_file").toString(), path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (name.endsWith(QLatin1String(".pdf"))) {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("/Type /Page"));
    } else {
        // Curves, territory, load, specialisation, gate matrix, cost, Pareto.
        QCOMPARE(bytes.count("<img src=\"data:image/png;base64,"), 7);
        QVERIFY(!bytes.contains("<script>"));
        if (data.contains("csv/script.csv")) QVERIFY(bytes.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        for (const QString& text : origin) QVERIFY2(bytes.contains(text.toUtf8()), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
