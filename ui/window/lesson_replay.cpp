#include "ui/window/lesson_replay.h"

#include "ui/window/main_window.h"

#include "ui/lessons/lesson_panel.h"
#include "ui/lessons/lesson_player.h"
#include "ui/training/training_controller.h"

namespace moe::ui {
namespace {

constexpr int kTickMs = 50;
// A scene is built, or a view redrawn, after at most this quiet time (the views redraw on
// 50 ms timers).
constexpr int kSettleMs = 400;

}  // namespace

LessonReplay::LessonReplay(MainWindow* window, moe::Lesson lesson, QObject* parent)
    : QObject(parent), m_window(window), m_lesson(std::move(lesson)) {
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &LessonReplay::tick);
}

void LessonReplay::start() {
    if (QString error = m_window->lessonPanel()->startLesson(m_lesson, true); !error.isEmpty()) {
        fail(error);
        return;
    }
    m_step = 0;
    m_phase = Phase::Settling;
    m_clock.start();
    m_timer.start();
}

bool LessonReplay::settled() const {
    const TrainingController* c = m_window->controller();
    return !c->isBusy() && c->state() != TrainingState::Building && !m_window->lessonPlayer()->isShowingMe();
}

void LessonReplay::tick() {
    if (m_done) return;
    LessonPlayer* player = m_window->lessonPlayer();
    if (!player->isPlaying()) {
        fail(tr("the lesson ended before step %1 was done").arg(m_step + 1));
        return;
    }
    switch (m_phase) {
    case Phase::Settling:
        if (!settled() || m_clock.elapsed() < kSettleMs) return;
        player->evaluateNow();
        m_before = !player->hasCheck() || player->checkResult().passed;
        player->showMe();
        m_phase = Phase::Doing;
        m_clock.start();
        return;
    case Phase::Doing: {
        player->evaluateNow();
        const bool done = player->hasCheck() ? player->checkResult().passed : settled();
        if (!done) {
            if (m_clock.elapsed() > m_timeoutMs) {
                QStringList lines;
                for (const moe::LessonCheckLine& l : player->checkResult().lines)
                    lines << QStringLiteral("%1 %2 (%3)").arg(l.passed ? QStringLiteral("yes") : QStringLiteral("no"),
                                                              QString::fromStdString(l.text), QString::fromStdString(l.now));
                fail(tr("step %1 (\"%2\") did not reach its check within %3 s: %4")
                         .arg(m_step + 1)
                         .arg(QString::fromStdString(player->step().title))
                         .arg(m_timeoutMs / 1000)
                         .arg(lines.join(QStringLiteral("; "))));
            }
            return;
        }
        emit stepReached(m_step, m_before, true, m_clock.elapsed());
        m_phase = Phase::Capturing;
        m_clock.start();
        return;
    }
    case Phase::Capturing:
        if (!settled() || m_clock.elapsed() < kSettleMs) return;
        if (m_capture && !m_capture(m_step)) {
            fail(tr("could not save step %1").arg(m_step + 1));
            return;
        }
        if (player->isLastStep()) {
            m_done = true;
            m_timer.stop();
            player->leave();
            emit finished(true, {});
            return;
        }
        player->next();
        ++m_step;
        m_phase = Phase::Settling;
        m_clock.start();
        return;
    }
}

void LessonReplay::fail(const QString& message) {
    if (m_done) return;
    m_done = true;
    m_timer.stop();
    emit finished(false, message);
}

}  // namespace moe::ui
