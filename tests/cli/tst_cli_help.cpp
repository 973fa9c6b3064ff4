// Tests `moe --help` and `moe <command> --help`: usage, exit 0, running the `moe` executable as a
// user or a script runs it.
#include <QTest>

#include "tests/cli/cli_process.h"

using moe::testing::Run;

class TestCliHelp : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void helpExitsZero();
};

void TestCliHelp::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestCliHelp::helpExitsZero() {
    for (const QStringList& args : {QStringList{"--help"}, QStringList{"train", "--help"}}) {
        const Run r = moe(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage"));
    }
}

QTEST_GUILESS_MAIN(TestCliHelp)
#include "tst_cli_help.moc"
