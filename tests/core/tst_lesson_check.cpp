// Tests core/teach/lesson_check.*: condition lines parse into metric, setting and event
// conditions named as in `moe train --json`; unknown names, mistyped values and bad syntax
// are refused; evaluation against a run summary passes and fails as the values say, all /
// any combine, "previous" compares with the previous run, and n/a values never pass.
#include "core/teach/lesson_check.h"

#include "core/io/run_summary_json.h"

#include <QTest>

using namespace moe;
using Json = nlohmann::ordered_json;

namespace {

LessonCondition parsed(const std::string& text) {
    Result<LessonCondition> c = parseLessonCondition(text);
    if (!c) qFatal("%s: %s", text.c_str(), c.error().c_str());
    return c.value();
}

/// A summary shaped exactly as `moe train --json` prints it, with chosen values.
Json summary(double accuracy, double loadCv, int topK) {
    RunSummary s;
    s.task = Task::Classification;
    s.config.model.topK = topK;
    s.config.model.experts = 4;
    s.snapshot.moe.testAccuracy = accuracy;
    s.snapshot.routing.loadCv = loadCv;
    return runSummaryToJson(s);
}

}  // namespace

class TestLessonCheck : public QObject {
    Q_OBJECT
private slots:
    void namesAreThoseOfTheCli();
    void refusesBadConditions_data();
    void refusesBadConditions();
    void comparesMetricsAndSettings();
    void nanNeverPasses();
    void eventsPassOnceTheyHappened();
    void allAndAnyCombine();
    void comparesWithThePreviousRun();
};

void TestLessonCheck::namesAreThoseOfTheCli() {
    QVERIFY(isLessonMetric("moe.test_accuracy"));
    QVERIFY(isLessonMetric("moe.routing.load_cv"));
    QVERIFY(isLessonMetric("moe.routing.dropped_fraction"));
    QVERIFY(isLessonMetric("moe.routing.experts_per_sample"));
    QVERIFY(isLessonMetric("moe.routing.class_expert_nmi"));
    QVERIFY(isLessonMetric("savings.flops_vs_dense_equal_params"));
    QVERIFY(isLessonMetric("dense_equal_params.test_accuracy"));
    QVERIFY(isLessonMetric("moe.test_r2"));  // a regression run's
    QVERIFY(isLessonMetric("config.top_k"));
    QVERIFY(isLessonMetric("config.router"));
    QVERIFY(!isLessonMetric("moe.routing"));             // an object, not a value
    QVERIFY(!isLessonMetric("moe.routing.expert_load"));  // an array
    QVERIFY(!isLessonMetric("moe.lod_cv"));
    QVERIFY(!isLessonMetric("config.topk"));
}

void TestLessonCheck::refusesBadConditions_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown metric") << "moe.lod_cv < 1" << "unknown metric 'moe.lod_cv'";
    QTest::newRow("unknown setting") << "config.topk == 1" << "unknown setting 'config.topk'";
    QTest::newRow("unknown event") << "event run-done" << "unknown event 'run-done'";
    QTest::newRow("view missing") << "event view-opened" << "needs a view";
    QTest::newRow("unknown view") << "event view-opened costs" << "needs a view, got 'costs'";
    QTest::newRow("stray argument") << "event run-finished now" << "takes nothing after it";
    QTest::newRow("no operator") << "moe.test_accuracy" << "expected \"NAME OP VALUE\"";
    QTest::newRow("bad number") << "moe.test_accuracy >= 0.9x" << "expected a number";
    QTest::newRow("string for number") << "config.top_k == \"1\"" << "config.top_k is a number, compared with a string";
    QTest::newRow("number for string") << "config.router == 2" << "config.router is a string, compared with a number";
    QTest::newRow("ordering a string") << "config.router < \"top-p\"" << "compare it with == or !=";
    QTest::newRow("unknown router") << "config.router == \"topp\"" << "unknown value 'topp'";
    QTest::newRow("empty") << "  " << "is empty";
}

void TestLessonCheck::refusesBadConditions() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    Result<LessonCondition> c = parseLessonCondition(text.toStdString());
    QVERIFY(!c);
    QVERIFY2(QString::fromStdString(c.error()).contains(message), c.error().c_str());
    QVERIFY(c.error().find('\n') == std::string::npos);
}

void TestLessonCheck::comparesMetricsAndSettings() {
    const Json low = summary(0.84, 0.6, 1), high = summary(0.95, 0.1, 2);
    const LessonCondition accuracy = parsed("moe.test_accuracy >= 0.9");
    QVERIFY(!evaluateLessonCheck(accuracy, {&low, nullptr, {}}).passed);
    QVERIFY(evaluateLessonCheck(accuracy, {&high, nullptr, {}}).passed);
    QCOMPARE(evaluateLessonCheck(accuracy, {&low, nullptr, {}}).lines.at(0).now, std::string("now 0.84"));
    const LessonCondition k1 = parsed("config.top_k == 1");
    QVERIFY(evaluateLessonCheck(k1, {&low, nullptr, {}}).passed);
    QVERIFY(!evaluateLessonCheck(k1, {&high, nullptr, {}}).passed);
    const LessonCondition router = parsed("config.router == \"softmax-topk\"");
    QVERIFY(evaluateLessonCheck(router, {&low, nullptr, {}}).passed);
    QVERIFY(!evaluateLessonCheck(parsed("config.router != \"softmax-topk\""), {&low, nullptr, {}}).passed);
    // Before anything was built there is nothing to compare.
    const LessonCheckResult none = evaluateLessonCheck(accuracy, {});
    QVERIFY(!none.passed);
    QCOMPARE(none.lines.at(0).now, std::string("no run yet"));
}

void TestLessonCheck::nanNeverPasses() {
    const Json untrained = summary(std::nan(""), std::nan(""), 1);
    QVERIFY(!evaluateLessonCheck(parsed("moe.routing.load_cv < 10"), {&untrained, nullptr, {}}).passed);
    QVERIFY(!evaluateLessonCheck(parsed("moe.routing.load_cv != 10"), {&untrained, nullptr, {}}).passed);
}

void TestLessonCheck::eventsPassOnceTheyHappened() {
    const LessonCondition opened = parsed("event view-opened pareto");
    LessonFacts facts;
    QVERIFY(!evaluateLessonCheck(opened, facts).passed);
    facts.events.insert(lessonEventKey("view-opened", "cost"));
    QVERIFY(!evaluateLessonCheck(opened, facts).passed);
    facts.events.insert(lessonEventKey("view-opened", "pareto"));
    QVERIFY(evaluateLessonCheck(opened, facts).passed);
    QVERIFY(!evaluateLessonCheck(parsed("event run-finished"), facts).passed);
    QVERIFY(!evaluateLessonCheck(parsed("event setting-changed top-k"), facts).passed);
    facts.events.insert("setting-changed:top-k");
    QVERIFY(evaluateLessonCheck(parsed("event setting-changed top-k"), facts).passed);
}

void TestLessonCheck::allAndAnyCombine() {
    const Json run = summary(0.95, 0.6, 1);
    LessonCondition all;
    all.kind = LessonCondition::Kind::All;
    all.children = {parsed("config.top_k == 1"), parsed("moe.test_accuracy >= 0.9"), parsed("event run-finished")};
    LessonFacts facts{&run, nullptr, {}};
    LessonCheckResult r = evaluateLessonCheck(all, facts);
    QVERIFY(!r.passed);
    QCOMPARE(r.lines.size(), std::size_t(3));  // a top-level group is the list itself
    QVERIFY(r.lines[0].passed && r.lines[1].passed && !r.lines[2].passed);
    facts.events.insert("run-finished");
    QVERIFY(evaluateLessonCheck(all, facts).passed);

    LessonCondition any;
    any.kind = LessonCondition::Kind::Any;
    any.label = "either";
    any.children = {parsed("config.top_k == 2"), parsed("moe.routing.load_cv > 0.5")};
    r = evaluateLessonCheck(any, facts);
    QVERIFY(r.passed);
    QCOMPARE(r.lines.size(), std::size_t(3));  // its label, then its members one level in
    QCOMPARE(r.lines[0].text, std::string("either"));
    QCOMPARE(r.lines[1].depth, 1);
    any.children[1] = parsed("moe.routing.load_cv > 0.7");
    QVERIFY(!evaluateLessonCheck(any, facts).passed);
}

void TestLessonCheck::comparesWithThePreviousRun() {
    const LessonCondition lower = parsed("moe.routing.load_cv < previous");
    const Json before = summary(0.9, 0.6, 1), after = summary(0.9, 0.2, 1);
    QVERIFY(!evaluateLessonCheck(lower, {&after, nullptr, {}}).passed);  // no previous run yet
    QVERIFY(evaluateLessonCheck(lower, {&after, &before, {}}).passed);
    QVERIFY(!evaluateLessonCheck(lower, {&before, &after, {}}).passed);
    QCOMPARE(evaluateLessonCheck(lower, {&after, &before, {}}).lines.at(0).now,
             std::string("now 0.2, previous run 0.6"));
}

QTEST_APPLESS_MAIN(TestLessonCheck)
#include "tst_lesson_check.moc"
