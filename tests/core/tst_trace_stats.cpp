// Tests core/trace/trace_stats.* and trace_stats_json.*: on the hand-routed trace of
// tests/support/trace_fixtures.h every figure is worked out on paper below - loads, CV,
// MaxVio, dead and hot experts, co-activation counts and lift, the label x expert table, the
// layer-to-layer consistency - and a count-only trace gives the same load figures as the
// tokens it counts.
#include "core/trace/trace_stats.h"
#include "core/trace/trace_stats_json.h"
#include "tests/support/trace_fixtures.h"

#include <QTest>

#include <cmath>

using moe::LayerTraceStats;
using moe::TraceStats;

namespace {

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

}  // namespace

class TestTraceStats : public QObject {
    Q_OBJECT
private slots:
    void firstLayerByHand();
    void secondLayerByHand();
    void consistencyByHand();
    void labelsByHand();
    void countOnlyGivesTheSameLoads();
    void scoreEntropy();
    void json();
};

void TestTraceStats::firstLayerByHand() {
    const TraceStats s = moe::computeTraceStats(moe::testing::handRoutedTrace());
    QCOMPARE(s.tokens, std::size_t{6});
    QCOMPARE(s.sequences, std::size_t{2});
    QCOMPARE(s.labelledTokens, std::size_t{6});
    QCOMPARE(s.layers.size(), std::size_t{2});
    const LayerTraceStats& l = s.layers[0];
    QCOMPARE(l.layer, 1);
    QCOMPARE(l.expertCount, (std::vector<double>{5, 4, 2, 1}));
    QVERIFY(near(l.expertLoad[0], 5.0 / 12) && near(l.expertLoad[3], 1.0 / 12));
    // mean 3, population variance (4 + 1 + 1 + 4) / 4 = 2.5
    QVERIFY(near(l.loadCv, std::sqrt(2.5) / 3));
    QVERIFY(near(l.maxViolation, (5 - 3) / 3.0));
    QVERIFY(l.deadExperts.empty());
    QVERIFY(l.hotExperts.empty());  // 5 < 2 x 3
    // Pairs: {0,1} tokens 0, 1, 4; {0,2} token 2; {1,2} token 3; {0,3} token 5.
    QCOMPARE(l.coActivation[0 * 4 + 1], std::int64_t{3});
    QCOMPARE(l.coActivation[1 * 4 + 0], std::int64_t{3});
    QCOMPARE(l.coActivation[2 * 4 + 3], std::int64_t{0});
    QCOMPARE(l.coActivation[0 * 4 + 0], std::int64_t{5});
    QCOMPARE(l.topPairs.size(), std::size_t{4});
    QCOMPARE(l.topPairs[0].a, 0);
    QCOMPARE(l.topPairs[0].b, 1);
    QCOMPARE(l.topPairs[0].count, std::int64_t{3});
    QVERIFY(near(l.topPairs[0].lift, 3.0 * 6 / (5 * 4)));
    QCOMPARE(l.topPairs[1].b, 2);  // ties: {0,2} before {0,3} before {1,2}
    QCOMPARE(l.topPairs[2].b, 3);
    QCOMPARE(l.topPairs[3].a, 1);
    QVERIFY(std::fabs(l.meanTopWeight - 0.6) < 1e-6);  // float weights
    QVERIFY(std::fabs(l.meanWeightSum - 1.0) < 1e-6);
    QVERIFY(std::isnan(l.scoreEntropy));
}

void TestTraceStats::secondLayerByHand() {
    const LayerTraceStats l = moe::computeTraceStats(moe::testing::handRoutedTrace()).layers[1];
    QCOMPARE(l.layer, 3);
    QCOMPARE(l.expertCount, (std::vector<double>{0, 0, 6, 6}));
    QVERIFY(near(l.loadCv, 1.0));        // mean 3, variance 9
    QVERIFY(near(l.maxViolation, 1.0));
    QVERIFY(near(l.usageEntropy, 0.5));  // ln 2 / ln 4
    QCOMPARE(l.deadExperts, (std::vector<int>{0, 1}));
    QCOMPARE(l.hotExperts, (std::vector<int>{2, 3}));
    QCOMPARE(l.topPairs.size(), std::size_t{1});
    QVERIFY(near(l.topPairs[0].lift, 1.0));
}

void TestTraceStats::consistencyByHand() {
    const TraceStats s = moe::computeTraceStats(moe::testing::handRoutedTrace());
    QCOMPARE(s.consistency.size(), std::size_t{1});
    const moe::LayerConsistency& c = s.consistency[0];
    QCOMPARE(c.fromLayer, 1);
    QCOMPARE(c.toLayer, 3);
    QVERIFY(near(c.sameTop1, 0.0));        // first choices 0,0,0,1,0,0 then always 2
    QVERIFY(near(c.sameTop1Chance, 0.0));
    QVERIFY(near(c.setOverlap, 3.0 / 6 / 2));  // tokens 2, 3, 5 share expert 2 or 3
    QVERIFY(std::isnan(c.top1Nmi));        // the next layer's first choice never varies
}

void TestTraceStats::labelsByHand() {
    const LayerTraceStats l = moe::computeTraceStats(moe::testing::handRoutedTrace()).layers[0];
    QCOMPARE(l.labelExpert.size(), std::size_t{2});
    const std::vector<double> code{3 / 6.0, 2 / 6.0, 1 / 6.0, 0.0}, prose{2 / 6.0, 2 / 6.0, 1 / 6.0, 1 / 6.0};
    for (int e = 0; e < 4; ++e) {
        QVERIFY(near(l.labelExpert[0][static_cast<std::size_t>(e)], code[static_cast<std::size_t>(e)]));
        QVERIFY(near(l.labelExpert[1][static_cast<std::size_t>(e)], prose[static_cast<std::size_t>(e)]));
    }
    // I(label; expert) / H(label) of the joint counts [[3,2,1,0],[2,2,1,1]] / 12.
    const double pe[] = {5 / 12.0, 4 / 12.0, 2 / 12.0, 1 / 12.0};
    const double joint[2][4] = {{3, 2, 1, 0}, {2, 2, 1, 1}};
    double mutual = 0.0;
    for (int c = 0; c < 2; ++c)
        for (int e = 0; e < 4; ++e)
            if (joint[c][e] > 0) mutual += joint[c][e] / 12 * std::log(joint[c][e] / 12 / (0.5 * pe[e]));
    QVERIFY(near(l.labelExpertNmi, mutual / std::log(2.0)));
    QVERIFY(moe::computeTraceStats(moe::testing::handRoutedTrace()).layers[1].labelExpertNmi < 1e-12);
}

void TestTraceStats::countOnlyGivesTheSameLoads() {
    moe::RoutingTrace t;
    t.meta = moe::testing::handRoutedTrace().meta;
    t.countsOnly = true;
    t.steps = 2;  // the six tokens in two steps of three
    t.counts = {2, 3, 1, 0, /* layer 3 */ 0, 0, 3, 3, /* step 2 */ 3, 1, 1, 1, 0, 0, 3, 3};
    const TraceStats s = moe::computeTraceStats(t);
    QVERIFY(s.countsOnly);
    QCOMPARE(s.tokens, std::size_t{6});
    QCOMPARE(s.layers[0].expertCount, (std::vector<double>{5, 4, 2, 1}));
    QVERIFY(near(s.layers[0].loadCv, std::sqrt(2.5) / 3));
    QCOMPARE(s.layers[1].deadExperts, (std::vector<int>{0, 1}));
    QVERIFY(s.layers[0].coActivation.empty());
    QVERIFY(s.consistency.empty());
}

void TestTraceStats::scoreEntropy() {
    moe::RoutingTrace t = moe::testing::handRoutedTrace();
    t.scores.assign(2 * 6 * 4, 0.0f);  // equal scores: a uniform softmax, entropy 1
    QVERIFY(near(moe::computeTraceStats(t).layers[0].scoreEntropy, 1.0));
    t.meta.weights = moe::WeightRecipe::SigmoidBias;  // equal sigmoids: uniform too
    QVERIFY(near(moe::computeTraceStats(t).layers[1].scoreEntropy, 1.0));
}

void TestTraceStats::json() {
    const moe::RoutingTrace t = moe::testing::handRoutedTrace();
    const nlohmann::ordered_json j = moe::traceStatsToJson(t, moe::computeTraceStats(t), "hand.safetensors");
    QCOMPARE(j["kind"].get<std::string>(), std::string("tokens"));
    QCOMPARE(j["layers"][0]["expert_count"][0].get<double>(), 5.0);
    QCOMPARE(j["layers"][0]["co_activation_top"][0]["experts"][1].get<int>(), 1);
    QVERIFY(j["consistency"][0]["top1_nmi"].is_null());
    QVERIFY(j["steps"].is_null());
    QVERIFY(j["conventions"].contains("load_cv"));
}

QTEST_GUILESS_MAIN(TestTraceStats)
#include "tst_trace_stats.moc"
