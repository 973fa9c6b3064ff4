// Tests core/train/lr_schedule.*: constant, and cosine with a linear warm-up.
#include "core/train/lr_schedule.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace moe;

class TestLrSchedule : public QObject {
    Q_OBJECT
private slots:
    void constantIsConstant() {
        TrainConfig c;
        c.learningRate = 0.02;
        c.lrSchedule = LrSchedule::Constant;
        for (long s : {0L, 5L, 99L}) QCOMPARE(scheduledLearningRate(c, s, 100), 0.02);
    }
    void cosineWarmsUpThenDecaysToZero() {
        TrainConfig c;
        c.learningRate = 0.1;
        c.lrSchedule = LrSchedule::Cosine;
        const long total = 200;   // warm-up W = round(0.05 x 200) = 10 steps
        QCOMPARE(scheduledLearningRate(c, 0, total), 0.1 / 10);
        QCOMPARE(scheduledLearningRate(c, 4, total), 0.1 * 5 / 10);
        QCOMPARE(scheduledLearningRate(c, 9, total), 0.1);
        QCOMPARE(scheduledLearningRate(c, 10, total), 0.1);   // the decay starts at its peak
        const double mid = scheduledLearningRate(c, 10 + 95, total);
        QVERIFY(std::abs(mid - 0.05) < 1e-12);                  // half-way: cos(pi/2)
        QVERIFY(scheduledLearningRate(c, total, total) < 1e-12);
        for (long s = 11; s < total; ++s)
            QVERIFY(scheduledLearningRate(c, s, total) <= scheduledLearningRate(c, s - 1, total));
    }
    void namesRoundTrip() {
        QCOMPARE(parseLrSchedule("cosine"), std::optional<LrSchedule>(LrSchedule::Cosine));
        QCOMPARE(std::string(lrScheduleName(LrSchedule::Constant)), std::string("constant"));
        QVERIFY(!parseLrSchedule("linear"));
    }
};

QTEST_APPLESS_MAIN(TestLrSchedule)
#include "tst_lr_schedule.moc"
