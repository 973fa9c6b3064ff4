// Tests the shipped course end to end, through the real window: every lesson is played as
// a learner pressing "Show me" at each step would - the controls set, Train pressed, the
// views opened - and each step's check must fail before its task is done and pass after.
// Seeds make every run the same. Also a lesson written from docs/lesson-format.md alone
// (tests/ui/lessons/data/teacher-lesson.json) plays the same way.
#include "ui/glossary/app_glossary.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_player.h"
#include "ui/training/training_controller.h"
#include "ui/window/lesson_replay.h"
#include "ui/window/main_window.h"

#include "core/io/lesson_file.h"

#include <QStandardPaths>
#include <QTest>

#ifndef MOE_LESSON_TEST_DATA
#error "MOE_LESSON_TEST_DATA must name tests/ui/lessons/data"
#endif

using namespace moe::ui;

Q_DECLARE_METATYPE(moe::Lesson)

namespace {

struct Outcome {
    bool finished = false;
    bool ok = false;
    QString message;
    QStringList problems;
    int stepsReached = 0;
};

Outcome replay(const moe::Lesson& lesson) {
    MainWindow window;
    window.resize(MainWindow::preferredSize());
    window.show();
    const QString datasetBefore = QString::fromStdString(window.controller()->data().name);
    Outcome out;
    LessonReplay replay(&window, lesson);
    QObject::connect(&replay, &LessonReplay::stepReached, [&](int step, bool before, bool after, qint64) {
        ++out.stepsReached;
        const moe::LessonStep& s = lesson.steps.at(static_cast<std::size_t>(step));
        if (s.check && before)
            out.problems << QStringLiteral("step %1 (\"%2\"): its check passed before the task was done")
                                .arg(step + 1)
                                .arg(QString::fromStdString(s.title));
        if (!after) out.problems << QStringLiteral("step %1: its check did not pass").arg(step + 1);
    });
    QObject::connect(&replay, &LessonReplay::finished, [&](bool ok, const QString& message) {
        out.finished = true;
        out.ok = ok;
        out.message = message;
    });
    replay.start();
    (void)QTest::qWaitFor([&] { return out.finished; }, 300000);
    if (out.ok && window.lessonPlayer()->isPlaying()) out.problems << QStringLiteral("the lesson is still playing");
    // Leaving puts the learner's own data back.
    if (out.ok) {
        (void)QTest::qWaitFor([&] { return !window.controller()->isBusy(); }, 30000);
        if (QString::fromStdString(window.controller()->data().name) != datasetBefore)
            out.problems << QStringLiteral("after the lesson the data is %1, not the learner's %2")
                                .arg(QString::fromStdString(window.controller()->data().name), datasetBefore);
    }
    return out;
}

}  // namespace

class TestLessonReplay : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // progress goes to a throwaway place
        QVERIFY2(applicationGlossaryError().isEmpty(), qPrintable(applicationGlossaryError()));
    }

    void everyStepReachesItsCheck_data() {
        QTest::addColumn<moe::Lesson>("lesson");
        const Course& course = shippedCourse(&applicationGlossary());
        QVERIFY2(course.errors.isEmpty(), qPrintable(course.errors.join(QLatin1Char('\n'))));
        QVERIFY(course.lessons.size() >= 9);
        for (const moe::Lesson& l : course.lessons) QTest::newRow(l.id.c_str()) << l;
        moe::Result<moe::Lesson> teacher =
            moe::readLessonFile(MOE_LESSON_TEST_DATA "/teacher-lesson.json", &applicationGlossary());
        QVERIFY2(teacher.ok(), teacher.ok() ? "" : teacher.error().c_str());
        QTest::newRow("teacher-lesson.json") << teacher.value();
    }
    void everyStepReachesItsCheck() {
        QFETCH(moe::Lesson, lesson);
        const Outcome out = replay(lesson);
        QVERIFY2(out.finished, "the replay did not end within 5 minutes");
        QVERIFY2(out.ok, qPrintable(out.message));
        QCOMPARE(out.stepsReached, static_cast<int>(lesson.steps.size()));
        QVERIFY2(out.problems.isEmpty(), qPrintable(out.problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestLessonReplay)
#include "tst_lesson_replay.moc"
