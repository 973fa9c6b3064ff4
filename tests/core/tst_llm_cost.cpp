// Tests core/scale/llm_cost.* (and llm_config's validation): every part of the parameter and
// FLOP count on small configurations worked out by hand - grouped-query and latent
// attention, biases and sinks, dense and shared layers, sliding windows - and the two dense
// baselines.
#include "core/scale/llm_config.h"
#include "core/scale/llm_cost.h"

#include <QTest>

using namespace moe;

namespace {

/// hidden 8, 2 layers, vocab 10, 2 heads sharing 1 kv head of width 4, 4 experts of width 6,
/// top 2, SwiGLU. By hand: embedding 80, unembedding 80, attention 2 x (64 + 32 + 32 + 64),
/// router 2 x 32, routed experts 2 x 4 x 144, norms 2 x 16 + 8.
LlmConfig tiny() {
    LlmConfig c;
    c.hidden = 8;
    c.layers = 2;
    c.vocab = 10;
    c.attention.heads = 2;
    c.attention.kvHeads = 1;
    c.attention.headDim = 4;
    c.moe.experts = 4;
    c.moe.topK = 2;
    c.moe.intermediate = 6;
    return c;
}

}  // namespace

class TestLlmCost : public QObject {
    Q_OBJECT
private slots:
    void countsEveryPartByHand();
    void countsFlopsForDecodeAndPrefill();
    void denseBaselines();
    void tiedEmbeddingsAreCountedOnce();
    void biasesSinksAndNorms();
    void denseAndSharedLayers();
    void latentAttention();
    void slidingWindowLimitsTheContext();
    void weightsAtEveryDtype();
    void validationNamesTheField_data();
    void validationNamesTheField();
};

void TestLlmCost::countsEveryPartByHand() {
    const LlmCost c = computeLlmCost(tiny(), 5);
    QCOMPARE(c.paramsTotal[LlmPart::Embedding], 80.0);
    QCOMPARE(c.paramsTotal[LlmPart::Unembedding], 80.0);
    QCOMPARE(c.paramsTotal[LlmPart::Attention], 384.0);
    QCOMPARE(c.paramsTotal[LlmPart::Router], 64.0);
    QCOMPARE(c.paramsTotal[LlmPart::RoutedExperts], 1152.0);
    QCOMPARE(c.paramsTotal[LlmPart::SharedExperts], 0.0);
    QCOMPARE(c.paramsTotal[LlmPart::DenseFfn], 0.0);
    QCOMPARE(c.paramsTotal[LlmPart::Norms], 40.0);
    QCOMPARE(c.paramsTotal.total(), 1800.0);
    // A token uses 2 of the 4 experts in each layer and everything else.
    QCOMPARE(c.paramsActive[LlmPart::RoutedExperts], 576.0);
    QCOMPARE(c.paramsActive.total(), 1224.0);
    QCOMPARE(c.paramsActive.totalWithout({LlmPart::Embedding}), 1144.0);
    // K and V of the one kv head, 5 positions, 2 layers.
    QCOMPARE(c.kvCacheValues, 80.0);
    QCOMPARE(c.flopsPerExpertAssignment, 288.0);
}

void TestLlmCost::countsFlopsForDecodeAndPrefill() {
    const LlmCost c = computeLlmCost(tiny(), 5);
    QCOMPARE(c.context, 5);
    QCOMPARE(c.decode.attentionProjections, 768.0);
    // 2 heads x 5 positions x (4 + 4) x 2 FLOPs x 2 layers.
    QCOMPARE(c.decode.attentionContext, 320.0);
    QCOMPARE(c.decode.router, 128.0);
    QCOMPARE(c.decode.routedExperts, 1152.0);
    QCOMPARE(c.decode.combine, 64.0);
    QCOMPARE(c.decode.unembedding, 160.0);
    QCOMPARE(c.decode.total(), 2592.0);
    // A 5-token prompt: token i reads i positions, 3 on average.
    QCOMPARE(c.prefill.attentionContext, 192.0);
    QCOMPARE(c.prefill.total(), 2464.0);
    // Everything but the context term is the same for both.
    QCOMPARE(c.prefill.total() - c.prefill.attentionContext, c.decode.total() - c.decode.attentionContext);
}

void TestLlmCost::denseBaselines() {
    const LlmCost c = computeLlmCost(tiny(), 5);
    // Equal parameters: one FFN of width 4 x 6 in each layer, no router.
    QCOMPARE(c.denseEqualParams.params, 1736.0);
    QCOMPARE(c.denseEqualParams.decodeFlopsPerToken, 2592.0 - 128 - 64 - 1152 + 2 * 1152);
    QCOMPARE(c.denseEqualParams.prefillFlopsPerToken, 2464.0 - 128 - 64 - 1152 + 2 * 1152);
    // Equal compute: width 2 x 6.
    QCOMPARE(c.denseEqualCompute.params, 1160.0);
    QCOMPARE(c.denseEqualCompute.decodeFlopsPerToken, 2400.0);
    QCOMPARE(c.savingVsDenseParams(), 1.0 - 2592.0 / 3552.0);
}

void TestLlmCost::tiedEmbeddingsAreCountedOnce() {
    LlmConfig t = tiny();
    t.tiedEmbeddings = true;
    const LlmCost c = computeLlmCost(t, 5);
    QCOMPARE(c.paramsTotal[LlmPart::Unembedding], 0.0);
    QCOMPARE(c.paramsTotal.total(), 1720.0);
    QCOMPARE(c.decode.unembedding, 160.0);  // the head still runs
}

void TestLlmCost::biasesSinksAndNorms() {
    LlmConfig t = tiny();
    t.attention.bias = true;   // q 8 + k 4 + v 4 + output 8 per layer
    t.attention.sinks = true;  // one per head
    t.moe.expertBias = true;   // gate 6 + up 6 + down 8 per expert
    t.moe.routerBias = true;   // one per expert
    t.normBias = true;
    t.attention.qkNorm = QkNorm::PerHead;  // 4 + 4 per layer
    const LlmCost c = computeLlmCost(t, 5);
    QCOMPARE(c.paramsTotal[LlmPart::Attention], 384.0 + 2 * (24 + 2));
    QCOMPARE(c.paramsTotal[LlmPart::RoutedExperts], 1152.0 + 2 * 4 * 20);
    QCOMPARE(c.paramsActive[LlmPart::RoutedExperts], 576.0 + 2 * 2 * 20);
    QCOMPARE(c.paramsTotal[LlmPart::Router], 64.0 + 8);
    QCOMPARE(c.paramsTotal[LlmPart::Norms], 2.0 * (2 * 16 + 8) + 16);
    // Biases are not FLOPs in this count.
    QCOMPARE(c.decode.total(), 2592.0);
    t.attention.qkNorm = QkNorm::Full;  // all query heads 8 + the key head 4
    QCOMPARE(computeLlmCost(t, 5).paramsTotal[LlmPart::Norms], 2.0 * (2 * 16 + 12) + 16);
}

void TestLlmCost::denseAndSharedLayers() {
    LlmConfig t = tiny();
    t.layers = 3;
    t.denseLayers = 1;
    t.denseIntermediate = 10;
    t.moe.sharedExperts = 1;
    t.moe.sharedIntermediate = 5;
    t.gatedFfn = false;  // two matrices
    const LlmCost c = computeLlmCost(t, 5);
    QCOMPARE(c.paramsTotal[LlmPart::DenseFfn], 2.0 * 8 * 10);
    QCOMPARE(c.paramsTotal[LlmPart::SharedExperts], 2.0 * 2 * 8 * 5);
    QCOMPARE(c.paramsTotal[LlmPart::RoutedExperts], 2.0 * 4 * 2 * 8 * 6);
    QCOMPARE(c.paramsTotal[LlmPart::Router], 2.0 * 32);
    QCOMPARE(c.paramsActive[LlmPart::SharedExperts], c.paramsTotal[LlmPart::SharedExperts]);
    QCOMPARE(c.decode.denseFfn, 2.0 * 160);
    QCOMPARE(c.decode.sharedExperts, 2.0 * 2 * 80);
    QCOMPARE(c.decode.routedExperts, 2.0 * 2 * 2 * 96);
    // The shared experts are in both baselines, like everything outside the routed part.
    QCOMPARE(c.denseEqualCompute.decodeFlopsPerToken, c.decode.total() - c.decode.router - c.decode.combine);
}

void TestLlmCost::latentAttention() {
    LlmConfig t = tiny();
    AttentionConfig& a = t.attention;
    a.kind = AttentionKind::Latent;
    a.kvHeads = 0;
    a.headDim = 0;
    a.qLoraRank = 4;
    a.kvLoraRank = 3;
    a.qkNopeHeadDim = 2;
    a.qkRopeHeadDim = 1;
    a.vHeadDim = 2;
    QVERIFY(validateLlmConfig(t).ok());
    const LlmCost c = computeLlmCost(t, 5);
    // q: 8x4 + 4x(2 heads x 3); kv down: 8x(3 + 1); kv up: 3x(2 x (2 + 2)); output 2x2x8.
    QCOMPARE(c.paramsTotal[LlmPart::Attention], 2.0 * (56 + 32 + 24 + 32));
    QCOMPARE(c.paramsTotal[LlmPart::Norms], 2.0 * (16 + 4 + 3) + 8);
    // 2 heads x 5 positions x (3 + 2) x 2 FLOPs x 2 layers; the cache keeps latent + rope key.
    QCOMPARE(c.decode.attentionContext, 200.0);
    QCOMPARE(c.kvCacheValues, 2.0 * 5 * 4);
    // Without a query LoRA the queries are projected directly: 8 x (2 x 3).
    a.qLoraRank = 0;
    QCOMPARE(computeLlmCost(t, 5).paramsTotal[LlmPart::Attention], 2.0 * (48 + 32 + 24 + 32));
}

void TestLlmCost::slidingWindowLimitsTheContext() {
    LlmConfig t = tiny();
    t.attention.slidingWindow = 2;
    t.attention.slidingLayers = 1;
    const LlmCost c = computeLlmCost(t, 5);
    // Decode: the full layer reads 5 positions, the sliding one 2; 32 FLOPs a position.
    QCOMPARE(c.decode.attentionContext, 32.0 * (5 + 2));
    // Prefill: positions read 1, 2, 2, 2, 2 on the sliding layer (mean 1.8), 3 on the full one.
    QCOMPARE(c.prefill.attentionContext, 32.0 * (3 + 1.8));
    QCOMPARE(c.kvCacheValues, 8.0 * (5 + 2));
    // A window wider than the context changes nothing.
    t.attention.slidingWindow = 50;
    QCOMPARE(computeLlmCost(t, 5).decode.attentionContext, 320.0);
}

void TestLlmCost::weightsAtEveryDtype() {
    const LlmCost c = computeLlmCost(tiny(), 5);
    QCOMPARE(c.weightsBytes(WeightDtype::Fp32), 7200.0);
    QCOMPARE(c.weightsBytes(WeightDtype::Bf16), 3600.0);
    QCOMPARE(c.weightsBytes(WeightDtype::Fp8), 1800.0);
    QCOMPARE(c.weightsBytes(WeightDtype::Int4), 900.0);
    QCOMPARE(c.kvCacheBytes(WeightDtype::Bf16), 160.0);
    for (WeightDtype d : allWeightDtypes()) QCOMPARE(*weightDtypeFromName(weightDtypeName(d)), d);
    QVERIFY(!weightDtypeFromName("fp16"));
}

void TestLlmCost::validationNamesTheField_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("field");
    QTest::newRow("top-k above experts") << 0 << "moe.top_k: cannot exceed moe.experts (4), got 5";
    QTest::newRow("zero hidden") << 1 << "hidden: must be between 1 and";
    QTest::newRow("negative layers") << 2 << "layers: must be between 1 and";
    QTest::newRow("kv heads not dividing") << 3 << "attention.kv_heads: must divide attention.heads (2)";
    QTest::newRow("every layer dense") << 4 << "dense_layers:";
    QTest::newRow("dense layers without width") << 5 << "dense_intermediate:";
    QTest::newRow("shared without width") << 6 << "moe.shared_intermediate:";
    QTest::newRow("sliding without window") << 7 << "attention.sliding_window:";
    QTest::newRow("latent with sinks") << 8 << "attention.sinks: only for grouped attention";
    QTest::newRow("zero experts") << 9 << "moe.experts:";
}

void TestLlmCost::validationNamesTheField() {
    QFETCH(int, which);
    QFETCH(QString, field);
    LlmConfig t = tiny();
    QVERIFY(validateLlmConfig(t).ok());
    switch (which) {
        case 0: t.moe.topK = 5; break;
        case 1: t.hidden = 0; break;
        case 2: t.layers = -3; break;
        case 3: t.attention.heads = 3; t.attention.kvHeads = 2; field.replace("(2)", "(3)"); break;
        case 4: t.denseLayers = 2; t.denseIntermediate = 4; break;
        case 5: t.denseLayers = 1; break;
        case 6: t.moe.sharedExperts = 1; break;
        case 7: t.attention.slidingLayers = 1; break;
        case 8:
            t.attention.kind = AttentionKind::Latent;
            t.attention.kvLoraRank = 2;
            t.attention.qkNopeHeadDim = 2;
            t.attention.vHeadDim = 2;
            t.attention.sinks = true;
            break;
        case 9: t.moe.experts = 0; break;
        default: QFAIL("no such case");
    }
    const Status s = validateLlmConfig(t);
    QVERIFY(!s.ok());
    QVERIFY2(QString::fromStdString(s.error()).startsWith(field), s.error().c_str());
}

QTEST_APPLESS_MAIN(TestLlmCost)
#include "tst_llm_cost.moc"
