// Tests the `moe datasets` command: the built-in generators and bundled datasets, as a table and
// as JSON, running the `moe` executable as a user or a script runs it.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "tests/cli/cli_process.h"

using moe::testing::parseObject;
using moe::testing::Run;

class TestCliDatasets : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void datasetsListsTheBuiltIns();
};

void TestCliDatasets::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestCliDatasets::datasetsListsTheBuiltIns() {
    const Run table = moe({"datasets"});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("spirals"));

    const Run r = moe({"datasets", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QJsonArray list = parseObject(r.out).value("datasets").toArray();
    QStringList names;
    for (const QJsonValue& v : list) {
        const QJsonObject d = v.toObject();
        names << d.value("name").toString();
        for (const char* key : {"source", "task", "features", "classes", "description"})
            QVERIFY2(d.contains(key), key);
        if (d.value("source").toString() == "built-in")
            QVERIFY(d.contains("default_noise"));
        else
            QCOMPARE(d.value("source").toString(), QStringLiteral("bundled"));
    }
    for (const char* expected : {"spirals", "blobs", "moons", "circles", "checkerboard", "xor",
                                 "vowels", "piecewise", "iris", "wine", "digits", "diabetes"})
        QVERIFY2(names.contains(expected), expected);
    QVERIFY(table.out.contains("digits"));
}

QTEST_GUILESS_MAIN(TestCliDatasets)
#include "tst_cli_datasets.moc"
