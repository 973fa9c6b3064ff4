// Tests ui/lessons and the window's lesson seam (ui/window/window_lesson_stage.*): every
// name a lesson may use exists in the window with the kind of control the loader expects;
// the check-list tells the truth before and after the task; hidden controls and the
// learner's own data and settings come back on leaving; progress through the course
// survives a restart; bad lesson files are refused with file and field and leave the
// window as it was; the first start offers the first lesson.
#include "core/io/lesson_file.h"
#include "core/data/dataset_source.h"
#include "core/data/generators.h"
#include "core/teach/lesson_targets.h"
#include "ui/glossary/app_glossary.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_panel.h"
#include "ui/lessons/lesson_player.h"
#include "ui/lessons/spotlight.h"
#include "ui/settings/model_panel.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"
#include "ui/window/window_lesson_stage.h"

#include <nlohmann/json.hpp>

#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace moe::ui;

namespace {

const moe::Lesson& courseLesson(const std::string& id) {
    for (const moe::Lesson& l : shippedCourse(&applicationGlossary()).lessons)
        if (l.id == id) return l;
    qFatal("no course lesson %s", id.c_str());
}

/// A lesson of `steps` plain steps, the one at `sceneStep` (if any) with a moons scene.
moe::Lesson madeLesson(const std::string& id, int steps, int sceneStep) {
    moe::Lesson lesson;
    lesson.id = id;
    lesson.title = id;
    lesson.level = "first-steps";
    for (int i = 0; i < steps; ++i) {
        moe::LessonStep step;
        step.title = "step " + std::to_string(i + 1);
        step.text = "Read this.";
        if (i == sceneStep) {
            moe::GeneratorParams moons;
            moons.name = "moons";
            moons.samples = 120;
            step.scene = moe::LessonScene{moe::DatasetSource::generated(moons), moe::RunConfig{}, {}};
        }
        lesson.steps.push_back(step);
    }
    return lesson;
}

bool idle(const MainWindow& w) {
    const TrainingState s = w.controller()->state();
    return !w.controller()->isBusy() && s != TrainingState::Building;
}

}  // namespace

class TestLessonPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MoE Explorer tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_lesson_panel"));
        QSettings().clear();
    }

    void everyLessonNameExistsInTheWindow() {
        MainWindow w;
        WindowLessonStage* stage = w.lessonStage();
        QStringList missing;
        for (const moe::LessonControl& c : moe::lessonControls()) {
            const QString name = QString::fromStdString(c.name);
            QWidget* widget = stage->control(name);
            if (!widget) {
                missing << name;
                continue;
            }
            const bool fits = c.kind == moe::LessonControl::Kind::Integer  ? qobject_cast<QSpinBox*>(widget) != nullptr
                              : c.kind == moe::LessonControl::Kind::Number ? qobject_cast<QDoubleSpinBox*>(widget) != nullptr
                              : c.kind == moe::LessonControl::Kind::Choice ? qobject_cast<QComboBox*>(widget) != nullptr
                                                                           : qobject_cast<QAbstractButton*>(widget) != nullptr;
            if (!fits) missing << name + QStringLiteral(" (another kind of widget)");
        }
        for (const std::string& a : moe::lessonActions())
            if (!qobject_cast<QAbstractButton*>(stage->control(QString::fromStdString(a)))) missing << QString::fromStdString(a);
        for (const std::string& v : moe::lessonViews())
            if (v != "glossary" && stage->tabOf(QString::fromStdString(v)) < 0) missing << QString::fromStdString(v);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the window: ") + missing.join(QStringLiteral(", "))));
    }

    void showMeSetsEveryChoiceAControlOffers() {
        MainWindow w;
        // The overflow policy applies, and is offered, only with a capacity limit.
        QVERIFY(w.lessonStage()->setControl(QStringLiteral("capacity-factor"), nlohmann::ordered_json(1.25)));
        QStringList refused;
        for (const moe::LessonControl& c : moe::lessonControls()) {
            if (c.kind != moe::LessonControl::Kind::Choice || c.name == "datasetCombo") continue;
            for (const std::string& choice : c.choices)
                if (!w.lessonStage()->setControl(QString::fromStdString(c.name), nlohmann::ordered_json(choice)))
                    refused << QString::fromStdString(c.name + " = " + choice);
        }
        QVERIFY2(refused.isEmpty(), qPrintable(refused.join(QStringLiteral(", "))));
        QVERIFY(!w.lessonStage()->setControl(QStringLiteral("router"), nlohmann::ordered_json("no-such-router")));
        QVERIFY(!w.lessonStage()->setControl(QStringLiteral("top-k"), nlohmann::ordered_json("one")));
    }

    void checkListTellsTheTruth() {
        MainWindow w;
        w.show();
        LessonPanel* panel = w.lessonPanel();
        QVERIFY(panel->startLesson(courseLesson("sparsity"), true).isEmpty());
        LessonPlayer* player = w.lessonPlayer();
        player->goTo(1);  // "Set top-k to 1 and train again."
        QTRY_VERIFY(idle(w));
        player->evaluateNow();
        QVERIFY(!player->checkResult().passed);
        QVERIFY2(panel->checkLines().value(0).startsWith(QStringLiteral("✗ top-k is 1, now 8")),
                 qPrintable(panel->checkLines().join(QLatin1Char('\n'))));
        QVERIFY(!player->canGoNext());  // it waits for the check
        QVERIFY(w.lessonStage()->setControl(QStringLiteral("top-k"), nlohmann::ordered_json(1)));
        player->evaluateNow();
        QCOMPARE(panel->checkLines().value(0), QStringLiteral("✓ top-k is 1"));
        QVERIFY(panel->checkLines().value(1).startsWith(QStringLiteral("✗ a run finished")));
        // The spotlight rings the step's three targets, each on screen.
        QTRY_COMPARE(panel->spotlight()->rings().size(), 3);
        player->leave();
    }

    void leavingRestoresTheLearnersSetup() {
        MainWindow w;
        w.show();
        QVERIFY(w.selectDataset(QStringLiteral("circles")));
        moe::RunConfig mine = w.modelPanel()->config();
        mine.model.experts = 6;
        mine.model.topK = 3;
        w.modelPanel()->setConfig(mine);
        QTRY_VERIFY(idle(w));
        QWidget* groups = w.lessonStage()->control(QStringLiteral("groups"));
        QVERIFY(groups && !groups->isHidden());
        QVERIFY(w.lessonPanel()->startLesson(courseLesson("sparsity"), true).isEmpty());
        QVERIFY(groups->isHidden());  // the step hides it
        QTRY_COMPARE(w.controller()->data().name, std::string("blobs"));
        QCOMPARE(w.modelPanel()->config().model.topK, 8);
        w.lessonPlayer()->leave();
        QVERIFY(!groups->isHidden());
        QTRY_COMPARE(w.controller()->data().name, std::string("circles"));
        QCOMPARE(w.modelPanel()->config().model.experts, 6);
        QCOMPARE(w.modelPanel()->config().model.topK, 3);
        QVERIFY(w.lessonPanel()->spotlight()->rings().isEmpty());
    }

    // Found by tst_gui_monkey: starting a lesson shorter than the step the last one was left
    // at threw std::out_of_range out of an event handler (its first scene told the player the
    // facts had changed while it still held the old step's index).
    void aShortLessonAfterALongOneStartsAtItsFirstStep() {
        MainWindow w;
        w.show();
        QTRY_VERIFY(idle(w));
        QVERIFY(w.lessonPanel()->startLesson(madeLesson("long", 5, -1), true).isEmpty());
        w.lessonPlayer()->goTo(4);
        QCOMPARE(w.lessonPlayer()->stepIndex(), 4);
        QVERIFY(w.lessonPanel()->startLesson(madeLesson("short", 2, 0), true).isEmpty());
        QCOMPARE(w.lessonPlayer()->stepIndex(), 0);
        QCOMPARE(w.lessonPlayer()->stepCount(), 2);
        w.lessonPlayer()->leave();
    }

    // The same cause: a step with a scene kept the controls the step before it hid.
    void aSceneStepShowsWhatTheStepBeforeHid() {
        MainWindow w;
        w.show();
        QTRY_VERIFY(idle(w));
        moe::Lesson lesson = madeLesson("hiding", 2, 1);
        lesson.steps[0].hide = {"groups"};
        QWidget* groups = w.lessonStage()->control(QStringLiteral("groups"));
        QVERIFY(groups && !groups->isHidden());
        QVERIFY(w.lessonPanel()->startLesson(lesson, true).isEmpty());
        QVERIFY(groups->isHidden());
        w.lessonPlayer()->goTo(1);
        QCOMPARE(w.lessonPlayer()->stepIndex(), 1);
        QVERIFY(!groups->isHidden());
        w.lessonPlayer()->leave();
        QVERIFY(!groups->isHidden());
    }

    void progressSurvivesARestart() {
        QSettings().clear();
        const moe::Lesson& lesson = courseLesson("sparsity");
        {
            MainWindow w;
            QVERIFY(w.lessonPanel()->startLesson(lesson).isEmpty());
            w.lessonPlayer()->goTo(2);
            QCOMPARE(CourseProgress().state(QStringLiteral("sparsity")), CourseProgress::State::InProgress);
            w.lessonPlayer()->leave();
        }
        MainWindow again;
        QVERIFY(again.lessonPanel()->startLesson(lesson).isEmpty());
        QCOMPARE(again.lessonPlayer()->stepIndex(), 2);  // resumed where it was left
        again.lessonPlayer()->goTo(3);                    // the last step waits for nothing
        QVERIFY(again.lessonPlayer()->canGoNext());
        again.lessonPlayer()->next();                     // Finish
        QVERIFY(!again.lessonPlayer()->isPlaying());
        QCOMPARE(CourseProgress().state(QStringLiteral("sparsity")), CourseProgress::State::Done);
    }

    void badLessonFilesAreRefusedWithFileAndField_data() {
        QTest::addColumn<QString>("edit");   // what to replace in the teacher's lesson
        QTest::addColumn<QString>("with");
        QTest::addColumn<QString>("field");  // what the message must name
        QTest::newRow("not JSON") << "\"format\"" << "format" << "bad.json";
        QTest::newRow("another version") << "\"version\": 1" << "\"version\": 2" << "version";
        QTest::newRow("unknown control") << "\"lock\": [\"hidden\"]," << "\"lock\": [\"hiden\"]," << "steps[0].lock";
        QTest::newRow("unknown metric") << "moe.test_accuracy >= 0.95" << "moe.test_acuracy >= 0.95" << "steps[0].check";
        QTest::newRow("unknown event") << "event run-finished" << "event run-done" << "steps[0].check";
        QTest::newRow("no right answer") << "\"right\": true" << "\"right\": false" << "steps[1].question";
        QTest::newRow("invalid setting") << "\"top_k\": 2" << "\"top_k\": 9" << "steps[0].scene";
    }
    void badLessonFilesAreRefusedWithFileAndField() {
        QFETCH(QString, edit);
        QFETCH(QString, with);
        QFETCH(QString, field);
        QFile good(QStringLiteral(MOE_LESSON_TEST_DATA "/teacher-lesson.json"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(good.readAll());
        QVERIFY(text.contains(edit));
        text.replace(text.indexOf(edit), edit.size(), with);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile bad(path);
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(text.toUtf8());
        bad.close();

        MainWindow w;
        QTRY_VERIFY(idle(w));
        const std::string datasetBefore = w.controller()->data().name;
        const int expertsBefore = w.modelPanel()->config().model.experts;
        const moe::Result<moe::Lesson> lesson = findLesson(path, &applicationGlossary());
        QVERIFY(!lesson.ok());
        const QString message = QString::fromStdString(lesson.error());
        QVERIFY2(message.startsWith(path) && message.contains(field), qPrintable(message));
        QVERIFY(!w.lessonPlayer()->isPlaying());
        QCOMPARE(w.controller()->data().name, datasetBefore);
        QCOMPARE(w.modelPanel()->config().model.experts, expertsBefore);
    }

    void aSavedSceneOpensAsALesson() {
        MainWindow w;
        QVERIFY(w.selectDataset(QStringLiteral("moons")));
        moe::RunConfig mine = w.modelPanel()->config();
        mine.model.experts = 6;
        mine.model.topK = 2;
        w.modelPanel()->setConfig(mine);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scene.json"));
        QCOMPARE(w.saveSceneAsLesson(path), QString());
        const moe::Result<moe::Lesson> lesson = findLesson(path, &applicationGlossary());
        QVERIFY2(lesson.ok(), lesson.ok() ? "" : lesson.error().c_str());

        MainWindow other;  // another window, another learner's setup
        QTRY_VERIFY(idle(other));
        QVERIFY(other.lessonPanel()->startLesson(lesson.value(), true).isEmpty());
        QTRY_COMPARE(other.controller()->data().name, std::string("moons"));
        QCOMPARE(other.modelPanel()->config().model.experts, 6);
        QCOMPARE(other.modelPanel()->config().model.topK, 2);
        other.lessonPlayer()->leave();
    }

    void classModeHidesTheSettingsTheLessonDoesNotUse() {
        MainWindow w;
        w.show();
        QWidget* capacity = w.lessonStage()->control(QStringLiteral("capacity-factor"));
        QWidget* topK = w.lessonStage()->control(QStringLiteral("top-k"));
        QVERIFY(capacity && topK);
        QVERIFY(w.lessonPanel()->startLesson(courseLesson("sparsity"), true).isEmpty());
        QVERIFY(!capacity->isHidden());
        w.lessonPlayer()->setClassMode(true);
        QVERIFY(capacity->isHidden());  // sparsity never uses the capacity factor
        QVERIFY(!topK->isHidden());     // it sets top-k
        w.lessonPlayer()->goTo(1);
        QVERIFY(capacity->isHidden());  // on every step
        w.lessonPlayer()->setClassMode(false);
        QVERIFY(!capacity->isHidden());
        w.lessonPlayer()->setClassMode(true);
        w.lessonPlayer()->leave();
        QVERIFY(!capacity->isHidden());  // leaving shows everything again
        w.lessonPlayer()->setClassMode(false);

        // A lesson can ask for class mode itself.
        QFile file(QStringLiteral(MOE_LESSON_TEST_DATA "/teacher-lesson.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(file.readAll());
        text.replace(QStringLiteral("\"minutes\": 5,"), QStringLiteral("\"minutes\": 5, \"class_mode\": true,"));
        const moe::Result<moe::Lesson> lesson = moe::parseLesson(text.toStdString(), "class.json", &applicationGlossary());
        QVERIFY2(lesson.ok(), lesson.ok() ? "" : lesson.error().c_str());
        QVERIFY(lesson.value().classMode);
        QVERIFY(w.lessonPanel()->startLesson(lesson.value(), true).isEmpty());
        QVERIFY(capacity->isHidden());
        QVERIFY(!w.lessonStage()->control(QStringLiteral("hidden"))->isHidden());  // the lesson locks it: used
        w.lessonPlayer()->leave();
        QVERIFY(!capacity->isHidden());
    }

    void anUnknownIdNamesTheCourse() {
        const moe::Result<moe::Lesson> lesson = findLesson(QStringLiteral("no-such-lesson"), &applicationGlossary());
        QVERIFY(!lesson.ok());
        QVERIFY2(QString::fromStdString(lesson.error()).contains(QStringLiteral("sparsity")), lesson.error().c_str());
    }

    void theFirstStartOffersTheFirstLesson() {
        QSettings().clear();
        MainWindow w;
        w.show();
        QVERIFY(!CourseProgress().offered());
        QVERIFY(w.lessonPanel()->isHidden());
        w.lessonPanel()->offerFirstLesson();
        QVERIFY(w.lessonPanel()->isVisible());
        QVERIFY(CourseProgress().offered());
        auto* start = w.lessonPanel()->findChild<QAbstractButton*>(QStringLiteral("lessonStart"));
        QVERIFY(start && start->isEnabled());
        start->click();  // the first lesson of the course is the one selected
        QVERIFY(w.lessonPlayer()->isPlaying());
        QCOMPARE(w.lessonPlayer()->lesson().id, shippedCourse(&applicationGlossary()).lessons.front().id);
        w.lessonPlayer()->leave();
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
