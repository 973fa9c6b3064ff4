// Tests `moe trace-stats` end to end, as a user or a script runs it: on a trace whose routing
// was chosen by hand (tests/support/trace_fixtures.h) `--json` gives the loads, CV, MaxVio
// and co-activation worked out on paper and every key of docs/cli.md; the table names the
// layers; a count-only trace gives the loads; a bad file exits 2 with one line naming the file
// and the field.
#include "core/trace/trace_writer.h"
#include "tests/cli/cli_process.h"
#include "tests/support/temp_files.h"
#include "tests/support/trace_fixtures.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using moe::testing::parseObject;
using moe::testing::Run;

class TestCliTraceStats : public moe::testing::CliTestCase {
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonGivesTheFiguresWorkedOutByHand();
    void tableNamesEveryLayer();
    void countOnlyTrace();
    void badFileExitsTwoWithOneLine_data();
    void badFileExitsTwoWithOneLine();

private:
    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
};

void TestCliTraceStats::initTestCase() {
    QVERIFY(m_dir.isValid());
    moe::RoutingTrace t = moe::testing::handRoutedTrace();
    QVERIFY(moe::writeTraceFile(path("hand.safetensors").toStdString(), t).ok());
    moe::RoutingTrace counts;
    counts.meta = t.meta;
    counts.meta.labels.clear();
    counts.countsOnly = true;
    counts.steps = 1;
    counts.counts = {5, 4, 2, 1, 0, 0, 6, 6};
    QVERIFY(moe::writeTraceFile(path("counts.safetensors").toStdString(), counts).ok());
    t.expertIds[4] = 7;
    QVERIFY(moe::writeTraceFile(path("out-of-range.safetensors").toStdString(), t).ok());
    const std::string good = moe::traceFileBytes(moe::testing::handRoutedTrace());
    moe::testing::writeFile(m_dir, "truncated.safetensors", QByteArray::fromStdString(good.substr(0, good.size() / 2)));
}

void TestCliTraceStats::jsonGivesTheFiguresWorkedOutByHand() {
    const Run r = moe({"trace-stats", path("hand.safetensors"), "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject j = parseObject(r.out);
    for (const char* key : {"file", "kind", "meta", "tokens", "sequences", "steps", "labelled_tokens", "has_text",
                            "has_scores", "layers", "consistency", "conventions"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["kind"].toString(), QString("tokens"));
    QCOMPARE(j["tokens"].toInt(), 6);
    QCOMPARE(j["meta"]["experts"].toInt(), 4);
    const QJsonArray layers = j["layers"].toArray();
    QCOMPARE(layers.size(), 2);
    const QJsonObject first = layers[0].toObject();
    for (const char* key : {"layer", "expert_count", "expert_load", "load_cv", "max_violation", "usage_entropy",
                            "dead_experts", "hot_experts", "mean_top_weight", "mean_weight_sum", "score_entropy",
                            "co_activation_top", "label_expert", "label_expert_nmi"})
        QVERIFY2(first.contains(key), key);
    QCOMPARE(first["layer"].toInt(), 1);
    // Counts 5, 4, 2, 1 of 12 assignments: mean 3, population variance 2.5.
    const double load[] = {5 / 12.0, 4 / 12.0, 2 / 12.0, 1 / 12.0};
    for (int e = 0; e < 4; ++e) QVERIFY(std::fabs(first["expert_load"][e].toDouble() - load[e]) < 1e-12);
    QVERIFY(std::fabs(first["load_cv"].toDouble() - std::sqrt(2.5) / 3) < 1e-12);
    QVERIFY(std::fabs(first["max_violation"].toDouble() - 2.0 / 3) < 1e-12);
    // {0,1} is chosen together by tokens 0, 1 and 4: count 3, lift 3 * 6 / (5 * 4).
    const QJsonObject pair = first["co_activation_top"][0].toObject();
    QCOMPARE(pair["experts"].toArray(), (QJsonArray{0, 1}));
    QCOMPARE(pair["count"].toInt(), 3);
    QVERIFY(std::fabs(pair["lift"].toDouble() - 0.9) < 1e-12);
    QCOMPARE(first["co_activation_top"].toArray().size(), 4);
    const QJsonObject second = layers[1].toObject();
    QCOMPARE(second["dead_experts"].toArray(), (QJsonArray{0, 1}));
    QVERIFY(std::fabs(second["load_cv"].toDouble() - 1.0) < 1e-12);
    const QJsonObject c = j["consistency"][0].toObject();
    QCOMPARE(c["from_layer"].toInt(), 1);
    QCOMPARE(c["to_layer"].toInt(), 3);
    QVERIFY(std::fabs(c["set_overlap"].toDouble() - 0.25) < 1e-12);
    QVERIFY(c["top1_nmi"].isNull());

    const Run few = moe({"trace-stats", path("hand.safetensors"), "--json", "--pairs", "1"});
    QCOMPARE(parseObject(few.out)["layers"][0]["co_activation_top"].toArray().size(), 1);
}

void TestCliTraceStats::tableNamesEveryLayer() {
    const Run r = moe({"trace-stats", path("hand.safetensors")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("hand-routed: 4 experts, top-2"), r.out.constData());
    QVERIFY2(r.out.contains("6 tokens in 2 sequences"), r.out.constData());
    QVERIFY2(r.out.contains("0+1 (0.90)"), r.out.constData());
    QVERIFY2(r.out.contains("1->3"), r.out.constData());
}

void TestCliTraceStats::countOnlyTrace() {
    const Run r = moe({"trace-stats", path("counts.safetensors"), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = parseObject(r.out);
    QCOMPARE(j["kind"].toString(), QString("counts"));
    QCOMPARE(j["steps"].toInt(), 1);
    QVERIFY(j["consistency"].isNull());
    QVERIFY(j["layers"][0]["co_activation_top"].isNull());
    QVERIFY(std::fabs(j["layers"][0]["load_cv"].toDouble() - std::sqrt(2.5) / 3) < 1e-12);
}

void TestCliTraceStats::badFileExitsTwoWithOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("out of range") << QStringList{"trace-stats", path("out-of-range.safetensors")}
                                  << path("out-of-range.safetensors") +
                                         ": expert_ids: layer 0, token 2, rank 0: expert 7 is out of range";
    QTest::newRow("truncated") << QStringList{"trace-stats", path("truncated.safetensors"), "--json"}
                               << path("truncated.safetensors") + ": ";
    QTest::newRow("missing") << QStringList{"trace-stats", path("none.safetensors")}
                             << path("none.safetensors") + ": cannot open";
    QTest::newRow("a directory") << QStringList{"trace-stats", m_dir.path()} << "is a directory";
    QTest::newRow("pairs") << QStringList{"trace-stats", path("hand.safetensors"), "--pairs", "-1"}
                           << "--pairs: must be between 0 and 10000";
}

void TestCliTraceStats::badFileExitsTwoWithOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    moe::testing::verifyRefused(moe(args), expected);
}

QTEST_GUILESS_MAIN(TestCliTraceStats)
#include "tst_cli_trace_stats.moc"
