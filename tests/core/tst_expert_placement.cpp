// Tests core/scale/expert_placement.*: contiguous, round-robin and the greedy balanced
// placement (DeepSeek EPLB's packing for one layer) put every expert on a rank as defined,
// refuse ranks that do not divide the experts where the placement needs it, and a
// user-given placement that misses a rank or an expert is refused naming the entry.
#include "core/scale/expert_placement.h"

#include <QTest>

using namespace moe;

class TestExpertPlacement : public QObject {
    Q_OBJECT
private slots:
    void contiguousAndRoundRobin();
    void balancedPacksHeavyExpertsApart();
    void balancedWithUniformLoadsKeepsCounts();
    void ranksMustFit();
    void checksAUserPlacement();
    void names();
};

void TestExpertPlacement::contiguousAndRoundRobin() {
    QCOMPARE(placeExperts(Placement::Contiguous, 6, 3, {}).value(), (std::vector<int>{0, 0, 1, 1, 2, 2}));
    QCOMPARE(placeExperts(Placement::RoundRobin, 6, 3, {}).value(), (std::vector<int>{0, 1, 2, 0, 1, 2}));
    // Round-robin takes ranks that do not divide the experts.
    QCOMPARE(placeExperts(Placement::RoundRobin, 5, 2, {}).value(), (std::vector<int>{0, 1, 0, 1, 0}));
}

void TestExpertPlacement::balancedPacksHeavyExpertsApart() {
    // Loads 8 7 1 1 2 3 on 3 ranks of 2: in descending order 8 -> r0, 7 -> r1, 3 -> r2,
    // 2 -> r2 (5), 1 (expert 2) -> r2 is full, r1 (7) is lightest -> r1, 1 (expert 3) -> r0.
    const std::vector<double> loads{8, 7, 1, 1, 2, 3};
    const std::vector<int> where = placeExperts(Placement::Balanced, 6, 3, loads).value();
    QCOMPARE(where, (std::vector<int>{0, 1, 1, 0, 2, 2}));
    // Contiguous would put 8 and 7 together: rank loads 15, 2, 5 against 9, 8, 5.
    const std::vector<int> contiguous = placeExperts(Placement::Contiguous, 6, 3, loads).value();
    QCOMPARE(contiguous[0], contiguous[1]);
}

void TestExpertPlacement::balancedWithUniformLoadsKeepsCounts() {
    const std::vector<int> where = placeExperts(Placement::Balanced, 8, 4, {}).value();
    std::vector<int> count(4, 0);
    for (int r : where) ++count[static_cast<std::size_t>(r)];
    QCOMPARE(count, (std::vector<int>{2, 2, 2, 2}));
}

void TestExpertPlacement::ranksMustFit() {
    const Result<std::vector<int>> contiguous = placeExperts(Placement::Contiguous, 256, 48, {});
    QVERIFY(!contiguous.ok());
    QVERIFY2(contiguous.error().find("contiguous placement needs the ranks to divide the experts (256), got 48") !=
                 std::string::npos,
             contiguous.error().c_str());
    QVERIFY(!placeExperts(Placement::Balanced, 256, 48, {}).ok());
    QVERIFY(placeExperts(Placement::RoundRobin, 256, 48, {}).ok());
    const Result<std::vector<int>> tooMany = placeExperts(Placement::RoundRobin, 8, 9, {});
    QVERIFY(!tooMany.ok());
    QVERIFY(tooMany.error().find("between 1 and the experts (8), got 9") != std::string::npos);
    QVERIFY(!placeExperts(Placement::RoundRobin, 8, 0, {}).ok());
}

void TestExpertPlacement::checksAUserPlacement() {
    QVERIFY(checkPlacement({0, 1, 1, 0}, 4, 2).ok());
    const Status short_ = checkPlacement({0, 1, 1}, 4, 2);
    QVERIFY(!short_.ok());
    QVERIFY(short_.error().find("each of the 4 experts, got 3") != std::string::npos);
    const Status outside = checkPlacement({0, 1, 2, 0}, 4, 2);
    QVERIFY(!outside.ok());
    QVERIFY2(outside.error().rfind("[2]: the rank must be between 0 and 1, got 2", 0) == 0, outside.error().c_str());
    const Status empty = checkPlacement({0, 0, 0, 0}, 4, 2);
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error(), std::string("rank 1 holds no expert"));
}

void TestExpertPlacement::names() {
    for (Placement p : {Placement::Contiguous, Placement::RoundRobin, Placement::Balanced})
        QCOMPARE(*placementFromName(placementName(p)), p);
    QVERIFY(!placementFromName("random"));
}

QTEST_APPLESS_MAIN(TestExpertPlacement)
#include "tst_expert_placement.moc"
