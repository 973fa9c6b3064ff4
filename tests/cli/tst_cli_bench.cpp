// Tests `moe bench`: the JSON object of design.md's CONTRACT, running the `moe` executable as a
// user or a script runs it.
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <string>

#include "tests/cli/cli_process.h"

using moe::testing::parseObject;
using moe::testing::Run;

class TestCliBench : public moe::testing::CliTestCase {
    Q_OBJECT

private slots:
    void initTestCase();
    void benchPrintsTheContractJson();
};

void TestCliBench::initTestCase() {
    QVERIFY(m_dir.isValid());
}

void TestCliBench::benchPrintsTheContractJson() {
    // A tiny configuration and a short timing window: this checks the keys, not the speed.
    const Run r = moe({"bench", "--dim", "4", "--experts", "4", "--hidden", "8", "--top-k", "2",
                       "--classes", "3", "--batch", "32", "--threads", "1", "--min-time",
                       "0.01", "--repeats", "1", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject j = parseObject(r.out);
    const QJsonObject config = j.value("config").toObject();
    QCOMPARE(config.value("experts").toInt(), 4);
    QCOMPARE(config.value("batch").toInt(), 32);
    QCOMPARE(config.value("threads").toInt(), 1);
    for (const char* model : {"moe", "dense_equal_params", "dense_equal_compute"}) {
        const QJsonObject m = j.value(model).toObject();
        for (const char* key :
             {"infer_samples_per_s", "train_samples_per_s", "flops_per_sample", "gflops"})
            QVERIFY2(m.value(key).toDouble() > 0.0, (std::string(model) + "." + key).c_str());
    }
    for (const char* key : {"theoretical_speedup", "measured_speedup", "reference_gemm_gflops"})
        QVERIFY2(j.value(key).toDouble() > 0.0, key);
    const double theoretical =
        j.value("dense_equal_params").toObject().value("flops_per_sample").toDouble() /
        j.value("moe").toObject().value("flops_per_sample").toDouble();
    QVERIFY(std::abs(j.value("theoretical_speedup").toDouble() - theoretical) < 1e-9);
}

QTEST_GUILESS_MAIN(TestCliBench)
#include "tst_cli_bench.moc"
