#pragma once
// Intended usage: plays a whole lesson in a window as a learner pressing "Show me" at every
// step would, and reports each step: whether its check passed before the task was done and
// whether it passed after. moe-explorer --lesson ID --screenshot DIR grabs the window at
// each step with it (lesson-<id>-step-<n>.png); the replay test asserts on it.
//
//   LessonReplay replay(window, lesson);
//   connect(&replay, &LessonReplay::stepReached, [&](int step, bool before, bool after, qint64 ms) { ... });
//   connect(&replay, &LessonReplay::finished, [&](bool ok, const QString& message) { ... });
//   replay.start();
//
// A step is done when its check passes; a step without a check when its "Show me" is done
// and no run is under way. A step that does not get there within the time limit fails.

#include "core/teach/lesson.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace moe::ui {

class MainWindow;

class LessonReplay : public QObject {
    Q_OBJECT
public:
    LessonReplay(MainWindow* window, moe::Lesson lesson, QObject* parent = nullptr);

    /// Called with the step's index once the step is done and the views have settled,
    /// before the next step is shown; returns false to stop (a screenshot not written).
    void setCapture(std::function<bool(int step)> capture) { m_capture = std::move(capture); }
    /// The longest a step may take to reach its check (default 120 s).
    void setStepTimeoutMs(int ms) { m_timeoutMs = ms; }
    void start();

signals:
    /// Step `step` is done: its check passed `before` its task and `after` it (both true
    /// for a step without a check); `taskMs` is the time from Show me to the check passing
    /// (or, without a check, to the task's run ending).
    void stepReached(int step, bool before, bool after, qint64 taskMs);
    void finished(bool ok, const QString& message);

private:
    enum class Phase { Settling, Doing, Capturing };
    void tick();
    bool settled() const;
    void fail(const QString& message);

    MainWindow* m_window;
    moe::Lesson m_lesson;
    std::function<bool(int)> m_capture;
    int m_timeoutMs = 120000;
    int m_step = 0;
    Phase m_phase = Phase::Settling;
    bool m_before = false;
    QElapsedTimer m_clock;   ///< since the phase began
    QTimer m_timer;
    bool m_done = false;
};

}  // namespace moe::ui
