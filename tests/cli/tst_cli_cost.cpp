// Tests `moe cost` end to end, as a user or a script runs it: the presets listed, the JSON
// keys of docs/cli.md with figures that agree with the core, DeepSeek-V3's all-to-all bytes
// on 64 ranks checked by hand, a description file, a placement file and a loads file, and
// one stderr line (exit 2) naming the field for every kind of bad input.
#include "tests/cli/cli_process.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QTest>

namespace {

using moe::testing::parseObject;
using moe::testing::Run;

const QByteArray kSmall = R"({
  "name": "small", "hidden": 64, "layers": 4, "vocab": 1000,
  "attention": {"kind": "grouped", "heads": 4, "kv_heads": 2, "head_dim": 16},
  "moe": {"experts": 8, "top_k": 2, "intermediate": 128}
})";

}  // namespace

class TestCliCost : public moe::testing::CliTestCase {
    Q_OBJECT
private slots:
    void initTestCase();
    void listsThePresets();
    void deepSeekV3On64Ranks();
    void everyPresetPrintsATable();
    void readsADescriptionFile();
    void placementAndLoadsFiles();
    void badInputExitsTwoWithOneLine_data();
    void badInputExitsTwoWithOneLine();

private:
    QString m_small;
};

void TestCliCost::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_small = moe::testing::writeFile(m_dir, "small.json", kSmall);
    QByteArray topK = kSmall;
    topK.replace("\"top_k\": 2", "\"top_k\": 9");
    moe::testing::writeFile(m_dir, "top-k.json", topK);
    QByteArray zero = kSmall;
    zero.replace("\"hidden\": 64", "\"hidden\": 0");
    moe::testing::writeFile(m_dir, "zero.json", zero);
    moe::testing::writeFile(m_dir, "broken.json", "{\"hidden\": ");
    moe::testing::writeFile(m_dir, "place-7.json", "[0, 1, 0, 1, 0, 1, 0]");
    moe::testing::writeFile(m_dir, "place-8.json", "[0, 1, 0, 1, 0, 1, 0, 0]");
    moe::testing::writeFile(m_dir, "place-bad.json", "[0, 1, 0, 1, 0, 1, 0, 5]");
    moe::testing::writeFile(m_dir, "loads-3.json", "[1, 2, 3]");
    moe::testing::writeFile(m_dir, "loads-8.json", R"({"expert_load": [4, 4, 1, 1, 1, 1, 1, 1]})");
    moe::testing::writeFile(m_dir, "loads-neg.json", "[1, 1, 1, 1, 1, 1, 1, -1]");
}

void TestCliCost::listsThePresets() {
    const Run r = moe({"cost", "--list", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray presets = parseObject(r.out)["presets"].toArray();
    QStringList names;
    for (const QJsonValue& p : presets) {
        names << p["name"].toString();
        QVERIFY(!p["source"].toString().isEmpty());
        QVERIFY(p["published"]["params_total"].toDouble() > 0);
    }
    QCOMPARE(names, (QStringList{"dbrx", "deepseek-v3", "gpt-oss-120b", "gpt-oss-20b", "mixtral-8x22b",
                                 "mixtral-8x7b", "olmoe-1b-7b", "qwen3-30b-a3b"}));
    const Run table = moe({"cost", "--list"});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("mixtral-8x7b") && table.out.contains("46.70B"));
}

void TestCliCost::deepSeekV3On64Ranks() {
    const Run r = moe({"cost", "--preset", "deepseek-v3", "--ep", "64", "--dtype", "bf16", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject j = parseObject(r.out);
    for (const char* key : {"params_total", "params_active", "flops_per_token", "weights_bytes",
                            "params_by_part", "flops_by_part", "dense_equal_params",
                            "dense_equal_compute", "savings", "published", "expert_parallel",
                            "all_to_all_bytes_per_token_per_layer", "conventions"})
        QVERIFY2(j.contains(key), key);
    // 2 (dispatch and combine) x 8 experts x 63/64 off the rank x 7168 values x 2 bytes.
    QCOMPARE(j["all_to_all_bytes_per_token_per_layer"].toDouble(), 225792.0);
    const QJsonObject ep = j["expert_parallel"].toObject();
    QCOMPARE(ep["ranks"].toInt(), 64);
    QCOMPARE(ep["rank_load"].toArray().size(), 64);
    QCOMPARE(ep["rank_load"].toArray()[0].toDouble(), 1.0 / 64);
    QCOMPARE(ep["imbalance_max_over_mean"].toDouble(), 1.0);
    QCOMPARE(ep["max_violation"].toDouble(), 0.0);
    QCOMPARE(j["weights_bytes"].toDouble(), 2.0 * j["params_total"].toDouble());
    const double total = j["params_total"].toDouble();
    QVERIFY(total > 671e9 * 0.98 && total < 671e9 * 1.02);
    double parts = 0;
    for (const QJsonValue v : j["params_by_part"]["total"].toObject()) parts += v.toDouble();
    QCOMPARE(parts, total);
}

void TestCliCost::everyPresetPrintsATable() {
    for (const char* name : {"mixtral-8x7b", "gpt-oss-20b", "olmoe-1b-7b"}) {
        const Run r = moe({"cost", "--preset", name, "--ep", "4", "--placement", "round-robin"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("published:"));
        QVERIFY(r.out.contains("all-to-all per token per MoE layer"));
    }
}

void TestCliCost::readsADescriptionFile() {
    const Run r = moe({"cost", "--config", m_small, "--context", "128", "--dtype", "fp8", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parseObject(r.out);
    QCOMPARE(j["model"]["name"].toString(), QString("small"));
    QCOMPARE(j["config"]["context"].toInt(), 128);
    QCOMPARE(j["config"]["dtype"].toString(), QString("fp8"));
    QCOMPARE(j["weights_bytes"].toDouble(), j["params_total"].toDouble());
    QVERIFY(!j.contains("published"));
    QVERIFY(!j.contains("expert_parallel"));
}

void TestCliCost::placementAndLoadsFiles() {
    const Run placed = moe({"cost", "--config", m_small, "--ep", "2", "--placement",
                            m_dir.filePath("place-8.json"), "--json"});
    QCOMPARE(placed.exitCode, 0);
    const QJsonObject ep = parseObject(placed.out)["expert_parallel"].toObject();
    QCOMPARE(ep["experts_per_rank"].toArray(), (QJsonArray{5, 3}));
    QCOMPARE(ep["rank_load"].toArray()[0].toDouble(), 5.0 / 8);
    // Loads 4 4 1 1 1 1 1 1 (sum 14) contiguously on 2 ranks: 10/14 and 4/14.
    const Run loaded = moe({"cost", "--config", m_small, "--ep", "2", "--loads",
                            m_dir.filePath("loads-8.json"), "--json"});
    QCOMPARE(loaded.exitCode, 0);
    const QJsonObject ep2 = parseObject(loaded.out)["expert_parallel"].toObject();
    QCOMPARE(ep2["rank_load"].toArray()[0].toDouble(), 10.0 / 14);
    QVERIFY(qFuzzyCompare(ep2["max_violation"].toDouble(), 3.0 / 7));
    // Balanced from the same loads: one 4 on each rank, the 1s alternate: 7 and 7.
    const Run balanced = moe({"cost", "--config", m_small, "--ep", "2", "--loads",
                              m_dir.filePath("loads-8.json"), "--placement", "balanced", "--json"});
    QCOMPARE(balanced.exitCode, 0);
    QCOMPARE(parseObject(balanced.out)["expert_parallel"].toObject()["imbalance_max_over_mean"].toDouble(), 1.0);
}

void TestCliCost::badInputExitsTwoWithOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString dir = m_dir.path() + "/";
    QTest::newRow("neither") << QStringList{"cost"} << "give one of --preset NAME or --config FILE.json";
    QTest::newRow("both") << QStringList{"cost", "--preset", "dbrx", "--config", m_small}
                          << "give one of --preset NAME or --config FILE.json";
    QTest::newRow("unknown preset") << QStringList{"cost", "--preset", "gpt-5"}
                                    << "--preset: unknown preset 'gpt-5' (presets: dbrx";
    QTest::newRow("top-k above experts") << QStringList{"cost", "--config", dir + "top-k.json"}
                                         << "--config: " + dir + "top-k.json: moe.top_k: cannot exceed moe.experts (8), got 9";
    QTest::newRow("zero size") << QStringList{"cost", "--config", dir + "zero.json"}
                               << "zero.json: hidden: must be between 1 and 10000000, got 0";
    QTest::newRow("not json") << QStringList{"cost", "--config", dir + "broken.json"} << "broken.json: not valid JSON";
    QTest::newRow("no such file") << QStringList{"cost", "--config", dir + "none.json"} << "none.json";
    QTest::newRow("dtype") << QStringList{"cost", "--preset", "dbrx", "--dtype", "fp16"}
                           << "--dtype: must be fp32, bf16, fp8 or int4, got 'fp16'";
    QTest::newRow("context") << QStringList{"cost", "--preset", "dbrx", "--context", "0"} << "--context: must be between 1";
    QTest::newRow("ranks not dividing") << QStringList{"cost", "--preset", "deepseek-v3", "--ep", "48"}
                                        << "--ep: contiguous placement needs the ranks to divide the experts (256), got 48";
    QTest::newRow("more ranks than experts") << QStringList{"cost", "--preset", "mixtral-8x7b", "--ep", "16"}
                                             << "--ep: must be between 1 and the experts (8), got 16";
    QTest::newRow("placement without ep") << QStringList{"cost", "--preset", "dbrx", "--placement", "balanced"}
                                          << "--placement: only with --ep R";
    QTest::newRow("placement misses an expert") << QStringList{"cost", "--config", m_small, "--ep", "2", "--placement", dir + "place-7.json"}
                                                << "--placement: " + dir + "place-7.json: must give a rank for each of the 8 experts, got 7";
    QTest::newRow("placement outside the ranks") << QStringList{"cost", "--config", m_small, "--ep", "2", "--placement", dir + "place-bad.json"}
                                                 << "place-bad.json: [7]: the rank must be between 0 and 1, got 5";
    QTest::newRow("unknown placement") << QStringList{"cost", "--config", m_small, "--ep", "2", "--placement", "random"}
                                       << "--placement: must be contiguous, round-robin, balanced or FILE.json: random";
    QTest::newRow("loads of the wrong length") << QStringList{"cost", "--config", m_small, "--ep", "2", "--loads", dir + "loads-3.json"}
                                               << "--loads: " + dir + "loads-3.json: must give one load for each of the 8 experts, got 3";
    QTest::newRow("negative load") << QStringList{"cost", "--config", m_small, "--ep", "2", "--loads", dir + "loads-neg.json"}
                                   << "--ep: loads[7]: must be a non-negative number";
    QTest::newRow("zero bandwidth") << QStringList{"cost", "--config", m_small, "--ep", "2", "--rank-bandwidth", "0"}
                                    << "--rank-bandwidth: must be a positive number";
}

void TestCliCost::badInputExitsTwoWithOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    moe::testing::verifyRefused(moe(args), expected);
}

QTEST_GUILESS_MAIN(TestCliCost)
#include "tst_cli_cost.moc"
