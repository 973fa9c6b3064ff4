// Tests core/scale/expert_parallel.*: per-rank load, imbalance and MaxVio from the placement
// and the loads; the all-to-all bytes per token per MoE layer (only what leaves the rank:
// 2 top_k (1 - 1/R) hidden bytes), checked for DeepSeek-V3 on 64 ranks by hand; and the
// time model, in which the busiest rank sets the pace.
#include "core/scale/expert_parallel.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_presets.h"

#include <QTest>

using namespace moe;

namespace {

LlmConfig deepSeek() { return loadLlmPreset("deepseek-v3").value().config; }

ExpertParallelSetup setup(int experts, int ranks, Placement p, std::vector<double> loads = {}) {
    ExpertParallelSetup s;
    s.ranks = ranks;
    s.loads = std::move(loads);
    s.rankOfExpert = placeExperts(p, experts, ranks, s.loads).value();
    return s;
}

}  // namespace

class TestExpertParallel : public QObject {
    Q_OBJECT
private slots:
    void deepSeekOn64RanksByHand();
    void oneRankSendsNothing();
    void skewedLoadsOnTheRanks();
    void theBusiestRankSetsThePace();
    void refusesWhatDoesNotFit();
};

void TestExpertParallel::deepSeekOn64RanksByHand() {
    const LlmConfig c = deepSeek();
    const LlmCost cost = computeLlmCost(c, 4096);
    const ExpertParallelEstimate ep =
        estimateExpertParallel(c, cost, setup(256, 64, Placement::Contiguous)).value();
    // 8 chosen experts, 63 of every 64 on another rank, 7168 values of 2 bytes:
    // 8 x 63/64 x 14336 = 112896 bytes out, as many back.
    QCOMPARE(ep.dispatchBytesPerToken, 112896.0);
    QCOMPARE(ep.combineBytesPerToken, 112896.0);
    QCOMPARE(ep.allToAllBytesPerToken(), 225792.0);
    QCOMPARE(ep.expertsPerRank, std::vector<int>(64, 4));
    QCOMPARE(ep.imbalance, 1.0);
    QCOMPARE(ep.maxViolation, 0.0);
    // In fp8 half as many bytes.
    ExpertParallelSetup fp8 = setup(256, 64, Placement::Contiguous);
    fp8.activationDtype = WeightDtype::Fp8;
    QCOMPARE(estimateExpertParallel(c, cost, fp8).value().allToAllBytesPerToken(), 112896.0);
    // Communication of one layer: 4096 tokens x 8 x 63/64 vectors of 14336 bytes, twice,
    // at 50 GB/s.
    QCOMPARE(ep.commSeconds, 2.0 * 4096 * 8 * 63 / 64 * 14336 / 50e9);
}

void TestExpertParallel::oneRankSendsNothing() {
    const LlmConfig c = deepSeek();
    const ExpertParallelEstimate ep =
        estimateExpertParallel(c, computeLlmCost(c, 16), setup(256, 1, Placement::Contiguous)).value();
    QCOMPARE(ep.allToAllBytesPerToken(), 0.0);
    QCOMPARE(ep.commSeconds, 0.0);
    QCOMPARE(ep.stepSeconds, ep.computeSeconds);
}

void TestExpertParallel::skewedLoadsOnTheRanks() {
    LlmConfig c = deepSeek();
    c.moe.experts = 4;
    c.moe.topK = 2;
    const LlmCost cost = computeLlmCost(c, 16);
    // Loads 4 3 2 1 (sum 10) on 2 ranks.
    const std::vector<double> loads{4, 3, 2, 1};
    const ExpertParallelEstimate contiguous =
        estimateExpertParallel(c, cost, setup(4, 2, Placement::Contiguous, loads)).value();
    QCOMPARE(contiguous.expertLoad, (std::vector<double>{0.4, 0.3, 0.2, 0.1}));
    QCOMPARE(contiguous.rankLoad[0], 0.7);
    QCOMPARE(contiguous.imbalance, 1.4);
    QVERIFY(qFuzzyCompare(contiguous.maxViolation, 0.4));
    // Greedy: 4 -> r0, 3 -> r1, 2 -> r1, 1 -> r0: 0.5 and 0.5.
    const ExpertParallelEstimate balanced =
        estimateExpertParallel(c, cost, setup(4, 2, Placement::Balanced, loads)).value();
    QCOMPARE(balanced.rankOfExpert, (std::vector<int>{0, 1, 1, 0}));
    QCOMPARE(balanced.imbalance, 1.0);
    // The bytes a token sends do not depend on the placement: its rank is independent of its
    // experts'.
    QCOMPARE(balanced.allToAllBytesPerToken(), contiguous.allToAllBytesPerToken());
}

void TestExpertParallel::theBusiestRankSetsThePace() {
    LlmConfig c = deepSeek();
    const LlmCost cost = computeLlmCost(c, 4096);
    std::vector<double> loads(256, 1.0);
    loads[5] = 9.0;  // one hot expert, on rank 1 of 64 (contiguous, 4 a rank)
    const ExpertParallelEstimate ep =
        estimateExpertParallel(c, cost, setup(256, 64, Placement::Contiguous, loads)).value();
    QCOMPARE(ep.busiestRank, 1);
    QVERIFY(ep.computeSeconds > ep.balancedComputeSeconds);
    QCOMPARE(ep.computeSeconds, ep.rankComputeSeconds[1]);
    QCOMPARE(ep.stepSeconds, ep.rankComputeSeconds[1] + ep.rankCommSeconds[1]);
    // Rank 1 receives more than it sends: its traffic is set by its share of the assignments.
    const double share = 12.0 / 264.0;
    QCOMPARE(ep.rankLoad[1], share);
    QVERIFY(qFuzzyCompare(ep.rankCommSeconds[1],
                          2.0 * 4096 * 64 * 8 * share * 63 / 64 * 14336 / 50e9));
    QVERIFY(ep.overlappedStepSeconds <= ep.stepSeconds);
    QVERIFY(ep.overlappedStepSeconds >= std::max(ep.computeSeconds, ep.commSeconds));
}

void TestExpertParallel::refusesWhatDoesNotFit() {
    const LlmConfig c = deepSeek();
    const LlmCost cost = computeLlmCost(c, 16);
    ExpertParallelSetup s = setup(256, 64, Placement::Contiguous);
    s.loads = {1.0, 2.0};
    Result<ExpertParallelEstimate> r = estimateExpertParallel(c, cost, s);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().rfind("loads: must give one load for each of the 256 experts, got 2", 0) == 0, r.error().c_str());
    s.loads.assign(256, 0.0);
    QVERIFY(!estimateExpertParallel(c, cost, s).ok());
    s.loads[3] = -1.0;
    r = estimateExpertParallel(c, cost, s);
    QVERIFY(!r.ok() && r.error().rfind("loads[3]:", 0) == 0);
    s.loads.clear();
    s.rankOfExpert.pop_back();
    r = estimateExpertParallel(c, cost, s);
    QVERIFY(!r.ok() && r.error().rfind("placement: ", 0) == 0);
    s = setup(256, 64, Placement::Contiguous);
    s.rankBytesPerSecond = 0.0;
    QVERIFY(!estimateExpertParallel(c, cost, s).ok());
}

QTEST_APPLESS_MAIN(TestExpertParallel)
#include "tst_expert_parallel.moc"
