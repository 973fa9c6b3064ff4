// Tests core/scale/llm_presets.*: the published models the app knows are all there, each
// read and checked like a user's file, and each agrees with the total and active parameter
// counts its authors publish to within 2%, counted the way they count (the preset says how).
// DeepSeek-V3's layers are also held to figures worked out by hand from its config.
#include "core/scale/llm_cost.h"
#include "core/scale/llm_presets.h"

#include <QTest>

#include <cmath>

using namespace moe;

class TestLlmPresets : public QObject {
    Q_OBJECT
private slots:
    void theEightPresetsAreThere();
    void agreeWithThePublishedFigures_data();
    void agreeWithThePublishedFigures();
    void deepSeekV3ByHand();
    void gptOssCountsWithoutTheInputEmbedding();
    void unknownPresetListsTheOthers();
};

void TestLlmPresets::theEightPresetsAreThere() {
    const std::vector<std::string> expected{"dbrx",          "deepseek-v3",   "gpt-oss-120b",
                                            "gpt-oss-20b",   "mixtral-8x22b", "mixtral-8x7b",
                                            "olmoe-1b-7b",   "qwen3-30b-a3b"};
    QCOMPARE(llmPresetNames(), expected);
}

void TestLlmPresets::agreeWithThePublishedFigures_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("total");   // what the authors publish, as a check on the file
    QTest::addColumn<double>("active");
    QTest::newRow("mixtral-8x7b") << "mixtral-8x7b" << 46.7e9 << 12.9e9;
    QTest::newRow("mixtral-8x22b") << "mixtral-8x22b" << 141e9 << 39e9;
    QTest::newRow("olmoe-1b-7b") << "olmoe-1b-7b" << 6.9e9 << 1.3e9;
    QTest::newRow("qwen3-30b-a3b") << "qwen3-30b-a3b" << 30.5e9 << 3.3e9;
    QTest::newRow("deepseek-v3") << "deepseek-v3" << 671e9 << 36.6e9;
    QTest::newRow("gpt-oss-20b") << "gpt-oss-20b" << 20.91e9 << 3.61e9;
    QTest::newRow("gpt-oss-120b") << "gpt-oss-120b" << 116.83e9 << 5.13e9;
    QTest::newRow("dbrx") << "dbrx" << 132e9 << 36e9;
}

void TestLlmPresets::agreeWithThePublishedFigures() {
    QFETCH(QString, name);
    QFETCH(double, total);
    QFETCH(double, active);
    const Result<LlmDescription> d = loadLlmPreset(name.toStdString());
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().c_str());
    QCOMPARE(d.value().config.name, name.toStdString());
    QVERIFY(!d.value().config.source.empty());
    QVERIFY(d.value().published.has_value());
    const PublishedFigures& p = *d.value().published;
    QVERIFY(!p.source.empty());
    QCOMPARE(p.paramsTotal, total);
    QCOMPARE(p.paramsActive, active);
    const LlmCost c = computeLlmCost(d.value().config, 4096);
    const double ourTotal = c.paramsTotal.totalWithout(p.totalWithout);
    const double ourActive = c.paramsActive.totalWithout(p.activeWithout);
    QVERIFY2(std::fabs(ourTotal / total - 1.0) <= 0.02,
             qPrintable(QString("total %1 vs published %2").arg(ourTotal).arg(total)));
    QVERIFY2(std::fabs(ourActive / active - 1.0) <= 0.02,
             qPrintable(QString("active %1 vs published %2").arg(ourActive).arg(active)));
}

void TestLlmPresets::deepSeekV3ByHand() {
    const LlmCost c = computeLlmCost(loadLlmPreset("deepseek-v3").value().config, 4096);
    // MLA per layer: q 7168x1536 + 1536x(128 x 192); kv down 7168x(512 + 64);
    // kv up 512x(128 x (128 + 128)); output (128 x 128)x7168.
    const double attention = 7168.0 * 1536 + 1536.0 * 128 * 192 + 7168.0 * 576 +
                             512.0 * 128 * 256 + 128.0 * 128 * 7168;
    QCOMPARE(c.paramsTotal[LlmPart::Attention], 61 * attention);
    // 58 MoE layers of 256 routed experts of 3 x 7168 x 2048, 1 shared, 8 chosen.
    const double expert = 3.0 * 7168 * 2048;
    QCOMPARE(c.paramsTotal[LlmPart::RoutedExperts], 58 * 256 * expert);
    QCOMPARE(c.paramsActive[LlmPart::RoutedExperts], 58 * 8 * expert);
    QCOMPARE(c.paramsTotal[LlmPart::SharedExperts], 58 * expert);
    QCOMPARE(c.paramsTotal[LlmPart::DenseFfn], 3 * 3.0 * 7168 * 18432);
    QCOMPARE(c.paramsTotal[LlmPart::Router], 58 * (7168.0 * 256 + 256));
    QCOMPARE(c.paramsTotal[LlmPart::Embedding], 129280.0 * 7168);
    // The compressed cache: (512 + 64) values per layer per position.
    QCOMPARE(c.kvCacheValues, 61.0 * 576 * 4096);
}

void TestLlmPresets::gptOssCountsWithoutTheInputEmbedding() {
    const LlmDescription d = loadLlmPreset("gpt-oss-120b").value();
    const std::vector<LlmPart> without{LlmPart::Embedding};
    QCOMPARE(d.published->activeWithout, without);
    QVERIFY(d.published->totalWithout.empty());
    // Counted our way (the embedding table included) the active figure is 11% higher than
    // OpenAI's: the preset's convention is what brings it within 2%.
    const LlmCost c = computeLlmCost(d.config, 4096);
    QVERIFY(c.paramsActive.total() / d.published->paramsActive > 1.1);
}

void TestLlmPresets::unknownPresetListsTheOthers() {
    const Result<LlmDescription> d = loadLlmPreset("mixtral-8x9b");
    QVERIFY(!d.ok());
    QVERIFY(d.error().find("unknown preset 'mixtral-8x9b'") != std::string::npos);
    QVERIFY(d.error().find("deepseek-v3") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestLlmPresets)
#include "tst_llm_presets.moc"
