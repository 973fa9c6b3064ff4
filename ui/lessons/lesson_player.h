#pragma once
// Intended usage: plays one lesson (core/teach/lesson.h) in a window through its
// LessonStage: shows a step by setting up its scene, hiding and locking its controls and
// watching the events and facts its check is about; re-evaluates the check whenever the
// facts change; performs "Show me" through the same controls a learner uses; takes the
// answers to questions; and, on leaving, shows every hidden control and puts the
// learner's own data and settings back.
//
//   LessonPlayer player(stage);
//   if (QString error = player.start(lesson); !error.isEmpty()) complain(error);
//   connect(&player, &LessonPlayer::checkChanged, [&] { draw(player.checkResult()); });
//   player.showMe();          // the step's task, done for the learner
//   if (player.canGoNext()) player.next();
//
// "previous" in a check is the end of the learner's last finished run in this lesson that
// is not the current run: after a run with the balance loss, the one before it.

#include "core/teach/lesson.h"
#include "core/teach/lesson_check.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>
#include <vector>

class QWidget;

namespace moe::ui {

class LessonStage;

class LessonPlayer : public QObject {
    Q_OBJECT
public:
    explicit LessonPlayer(LessonStage* stage, QObject* parent = nullptr);
    ~LessonPlayer() override;

    /// Starts `lesson` at `step` (clamped to its steps), after remembering the learner's
    /// setup. An empty string, or why the first step's scene could not be set up (nothing
    /// is then playing and the window is as it was).
    QString start(const moe::Lesson& lesson, int step = 0);
    /// Ends the lesson: every hidden control shown, every locked one unlocked, the
    /// learner's data and settings back. Emits left().
    void leave();

    bool isPlaying() const { return m_playing; }
    const moe::Lesson& lesson() const { return m_lesson; }
    int stepIndex() const { return m_step; }
    int stepCount() const { return static_cast<int>(m_lesson.steps.size()); }
    const moe::LessonStep& step() const { return m_lesson.steps.at(static_cast<std::size_t>(m_step)); }
    bool isLastStep() const { return m_step + 1 >= stepCount(); }

    bool canGoBack() const { return m_playing && m_step > 0; }
    /// False while the step waits for its check and the check has not passed.
    bool canGoNext() const;
    void back();
    /// The next step, or on the last step the end of the lesson: finished(), then leave().
    void next();
    /// Goes to step `index` (the course resumes there).
    void goTo(int index);

    /// Performs the step's "Show me" actions in order. A run action whose button is not
    /// enabled yet (the models are still being built) is pressed when it is.
    void showMe();
    bool isShowingMe() const { return !m_pending.empty(); }

    bool hasCheck() const { return m_playing && step().check.has_value(); }
    const moe::LessonCheckResult& checkResult() const { return m_result; }
    /// Evaluates the check now rather than at the next turn of the event loop.
    void evaluateNow();
    /// The events since the step was shown ("run-finished", "view-opened:cost").
    const std::set<std::string>& events() const { return m_events; }

    struct Answer {
        bool right = false;
        QString feedback;
    };
    /// Answers the step's choice question with choice `index`, or its number question.
    Answer answerChoice(int index);
    Answer answerNumber(double value);
    /// Whether the step's question has been answered right.
    bool answeredRight() const { return m_answeredRight; }

    /// Class mode (View > Class mode, or a lesson's "class_mode"): while a lesson plays, the
    /// settings it does not use anywhere (moe::lessonControlsUsed) are hidden too.
    void setClassMode(bool on);
    bool classMode() const { return m_classMode; }
    /// Whether class mode is in force now (on, or asked for by the lesson being played).
    bool classModeActive() const { return m_playing && (m_classMode || m_lesson.classMode); }

signals:
    void stepChanged(int index);
    void checkChanged();
    /// The last step's Next was pressed: the lesson is done.
    void finished(const QString& lessonId);
    void left();
    /// "Show me" could not do an action (a value the control does not take, a button that
    /// stayed off): the message says which.
    void showMeFailed(const QString& message);

private:
    QString showStep(int index);
    /// The stage's applyScene(), with the controls left alone meanwhile (showStep holds the
    /// new step's once the scene is there).
    QString applyScene(const moe::LessonScene& scene);
    void applyControlStates();
    void releaseControls();
    void scheduleEvaluation();
    void onEvent(const QString& key);
    void onExperimentReset();
    void performNextAction();

    struct Held {
        QPointer<QWidget> widget;
        bool wasHidden = false;
        bool wasDisabled = false;
        bool hidden = false;  ///< hidden (true) or locked (false) by the step
    };
    struct RunEnd {
        int generation = 0;
        nlohmann::ordered_json facts;
    };

    LessonStage* m_stage;
    moe::Lesson m_lesson;
    int m_step = 0;
    bool m_playing = false;
    bool m_settingScene = false;  ///< a step's scene is being set up
    std::vector<Held> m_held;
    std::set<std::string> m_events;
    int m_generation = 0;
    std::vector<RunEnd> m_runs;  ///< finished runs of this lesson, in order
    moe::LessonCheckResult m_result;
    bool m_answeredRight = false;
    bool m_classMode = false;
    std::vector<std::string> m_used;  ///< the lesson's controls (moe::lessonControlsUsed)
    QTimer m_evaluate;
    std::vector<moe::LessonAction> m_pending;  ///< "Show me" actions still to do
    QTimer m_actionTimer;
    int m_waitedTicks = 0;
};

}  // namespace moe::ui
