// Tests bad input to every command: exit code 2, nothing on stdout and one clear stderr line
// naming what is wrong, running the `moe` executable as a user or a script runs it. Runs stay
// tiny: a few epochs on a few hundred rows.
#include <QTest>

#include "tests/cli/cli_process.h"

class TestCliBadInput : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void badInputExitsTwoWithOneLine_data();
    void badInputExitsTwoWithOneLine();
};

void TestCliBadInput::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY(moe::testing::writeCliCsvFiles(m_dir));
}

void TestCliBadInput::badInputExitsTwoWithOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QStringList train{"train", "--data", "spirals"};
    QTest::newRow("unknown dataset")
        << QStringList{"train", "--data", "nosuch"} << "moe: --data: unknown dataset 'nosuch'";
    QTest::newRow("missing csv") << QStringList{"train", "--data", "points.csv"}
                                 << "moe: --data: no such file 'points.csv'";
    const QStringList csv{"train", "--data"};
    QTest::newRow("csv ragged") << csv + QStringList{"csv/ragged.csv"}
                                << "moe: csv/ragged.csv:3:4: ";
    QTest::newRow("csv unterminated quote") << csv + QStringList{"csv/unterminated.csv"}
                                            << "moe: csv/unterminated.csv:3:2: unterminated quote";
    QTest::newRow("csv text in a numeric column")
        << csv + QStringList{"csv/late.csv"} << "moe: csv/late.csv:2202:2: 'six' is not a number";
    QTest::newRow("csv empty") << csv + QStringList{"csv/empty.csv"} << "moe: csv/empty.csv:1:1: ";
    QTest::newRow("csv header only")
        << csv + QStringList{"csv/header.csv"} << "moe: csv/header.csv:2:1: ";
    QTest::newRow("csv one column")
        << csv + QStringList{"csv/single.csv"} << "moe: csv/single.csv:1:1: ";
    QTest::newRow("csv one class")
        << csv + QStringList{"csv/oneclass.csv"}
        << "moe: csv/oneclass.csv:2:3: the label column 'y' has one class";
    QTest::newRow("csv infinite") << csv + QStringList{"csv/infinite.csv"}
                                  << "moe: csv/infinite.csv:3:1: '-inf' is not a finite number";
    QTest::newRow("csv binary") << csv + QStringList{"csv/binary.csv"}
                                << "moe: csv/binary.csv:1:1: not a text file";
    QTest::newRow("csv unknown label") << csv + QStringList{"csv/r.csv", "--label", "nope"}
                                       << "moe: csv/r.csv: no column named 'nope'";
    QTest::newRow("csv bad task") << csv + QStringList{"csv/r.csv", "--task", "ranking"}
                                  << "moe: --task: must be";
    QTest::newRow("bundled with --samples")
        << csv + QStringList{"iris", "--samples", "50"}
        << "moe: --samples: only for the built-in generators; 'iris' is a bundled dataset of 150 rows";
    QTest::newRow("csv with --data-seed and --noise")
        << csv + QStringList{"csv/r.csv", "--data-seed", "3", "--noise", "0.1"}
        << "moe: --noise, --data-seed: only for the built-in generators; a CSV file is used whole";
    QTest::newRow("bundled with --label")
        << csv + QStringList{"iris", "--label", "species"} << "moe: --label: 'iris' is a bundled";
    QTest::newRow("experts 0") << train + QStringList{"--experts", "0"} << "moe: --experts:";
    QTest::newRow("top-k above experts")
        << train + QStringList{"--experts", "4", "--top-k", "5"}
        << "moe: --top-k: cannot exceed the number of experts (4), got 5";
    QTest::newRow("lr 0") << train + QStringList{"--lr", "0"} << "moe: --lr:";
    QTest::newRow("lr negative") << train + QStringList{"--lr", "-0.5"} << "moe: --lr:";
    QTest::newRow("epochs 0") << train + QStringList{"--epochs", "0"} << "moe: --epochs:";
    QTest::newRow("router unknown")
        << train + QStringList{"--router", "magic"} << "moe: --router: unknown router 'magic'";
    QTest::newRow("mode unknown") << train + QStringList{"--mode", "stacked"}
                                  << "moe: --mode: unknown mode 'stacked'";
    QTest::newRow("optimizer unknown")
        << train + QStringList{"--optimizer", "lbfgs"} << "moe: --optimizer:";
    QTest::newRow("not a number") << train + QStringList{"--experts", "four"} << "--experts";
    QTest::newRow("negative seed") << train + QStringList{"--seed", "-3"} << "moe: --seed:";
    QTest::newRow("samples too few") << train + QStringList{"--samples", "3"} << "moe: --samples:";
    QTest::newRow("unknown option") << train + QStringList{"--bogus"} << "--bogus";
    QTest::newRow("missing --data") << QStringList{"train"} << "--data";
    QTest::newRow("no command") << QStringList{} << "moe: a command is required";
    QTest::newRow("unknown command") << QStringList{"fly"} << "fly";
    QTest::newRow("save into a missing directory")
        << train + QStringList{"--save", "no-such-dir/m.json"} << "moe: --save:";
    QTest::newRow("metrics of another type")
        << train + QStringList{"--metrics", "metrics.txt"} << "moe: --metrics: 'metrics.txt' must end in .csv or .json";
    QTest::newRow("metrics into a missing directory")
        << train + QStringList{"--metrics", "no-such-dir/m.csv"} << "moe: --metrics: directory";
    if (MOE_CLI_HAS_REPORT)
        QTest::newRow("report of another type")
            << train + QStringList{"--report", "r.docx"} << "moe: --report: 'r.docx' must end in .html or .pdf";
    QTest::newRow("eval without a model file")
        << QStringList{"eval", "--model", "absent.json", "--data", "spirals"}
        << "moe: absent.json: cannot open";
    QTest::newRow("bench unknown preset") << QStringList{"bench", "--config", "huge"} << "--config";
    QTest::newRow("bench one class") << QStringList{"bench", "--classes", "1"} << "moe: --classes:";
    QTest::newRow("bench top-k above experts")
        << QStringList{"bench", "--experts", "2", "--top-k", "3"} << "moe: --top-k:";
    QTest::newRow("predict without a model file")
        << QStringList{"predict", "--model", "absent.json", "--data", "spirals"}
        << "moe: absent.json: cannot open";
}

void TestCliBadInput::badInputExitsTwoWithOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    moe::testing::verifyRefused(moe(args), expected);
}

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "tst_cli_bad_input.moc"
