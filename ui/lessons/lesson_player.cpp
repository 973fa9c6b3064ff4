#include "ui/lessons/lesson_player.h"

#include "ui/lessons/lesson_stage.h"

#include "core/teach/lesson_targets.h"

#include <QLabel>
#include <QScopedValueRollback>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

// How long "Show me" waits for a run action's button to come on (the models being built).
constexpr int kActionTickMs = 50;
constexpr int kActionMaxTicks = 600;  // 30 s

bool sameLines(const moe::LessonCheckResult& a, const moe::LessonCheckResult& b) {
    if (a.passed != b.passed || a.lines.size() != b.lines.size()) return false;
    for (std::size_t i = 0; i < a.lines.size(); ++i)
        if (a.lines[i].passed != b.lines[i].passed || a.lines[i].now != b.lines[i].now ||
            a.lines[i].text != b.lines[i].text)
            return false;
    return true;
}

// The control and the labels that name it (a settings row's label is its buddy).
QList<QWidget*> withLabels(QWidget* window, QWidget* control) {
    QList<QWidget*> out{control};
    for (QLabel* label : window->findChildren<QLabel*>())
        if (label->buddy() == control) out.append(label);
    return out;
}

}  // namespace

LessonPlayer::LessonPlayer(LessonStage* stage, QObject* parent) : QObject(parent), m_stage(stage) {
    m_evaluate.setSingleShot(true);
    m_evaluate.setInterval(0);
    connect(&m_evaluate, &QTimer::timeout, this, &LessonPlayer::evaluateNow);
    m_actionTimer.setSingleShot(true);
    m_actionTimer.setInterval(kActionTickMs);
    connect(&m_actionTimer, &QTimer::timeout, this, &LessonPlayer::performNextAction);
    connect(stage, &LessonStage::factsChanged, this, [this] {
        if (!m_playing) return;
        // The end of a run keeps being refined (the kept epoch, the cost) until the next build.
        if (!m_runs.empty() && m_runs.back().generation == m_generation) m_runs.back().facts = m_stage->facts();
        // A settings row the form showed again stays hidden; not while a scene is set up for
        // a step change, when m_step is still the step being left (or of the lesson before).
        if (!m_settingScene) applyControlStates();
        scheduleEvaluation();
    });
    connect(stage, &LessonStage::happened, this, &LessonPlayer::onEvent);
    connect(stage, &LessonStage::experimentReset, this, &LessonPlayer::onExperimentReset);
}

LessonPlayer::~LessonPlayer() = default;

QString LessonPlayer::start(const moe::Lesson& lesson, int step) {
    if (m_playing) leave();
    if (lesson.steps.empty()) return tr("the lesson has no steps");
    m_stage->saveLearnerSetup();
    m_lesson = lesson;
    m_used = moe::lessonControlsUsed(lesson);
    m_step = 0;  // always a step of m_lesson
    m_runs.clear();
    m_playing = true;
    const int first = std::clamp(step, 0, stepCount() - 1);
    // A lesson resumed at a later step sets up the last scene before it, as the course left it.
    if (!lesson.steps[static_cast<std::size_t>(first)].scene) {
        for (int i = first - 1; i >= 0; --i) {
            if (const auto& scene = lesson.steps[static_cast<std::size_t>(i)].scene) {
                if (QString error = applyScene(*scene); !error.isEmpty()) {
                    m_playing = false;
                    m_stage->restoreLearnerSetup();
                    return error;
                }
                break;
            }
        }
    }
    if (QString error = showStep(first); !error.isEmpty()) {
        releaseControls();
        m_playing = false;
        m_stage->restoreLearnerSetup();
        return error;
    }
    return {};
}

void LessonPlayer::leave() {
    if (!m_playing) return;
    m_pending.clear();
    m_actionTimer.stop();
    releaseControls();
    m_playing = false;
    m_events.clear();
    m_runs.clear();
    m_result = {};
    m_stage->restoreLearnerSetup();
    emit left();
}

bool LessonPlayer::canGoNext() const {
    if (!m_playing) return false;
    return !(step().waitForCheck && step().check && !m_result.passed);
}

void LessonPlayer::back() {
    if (canGoBack()) goTo(m_step - 1);
}

void LessonPlayer::next() {
    if (!canGoNext()) return;
    if (isLastStep()) {
        const QString id = QString::fromStdString(m_lesson.id);
        emit finished(id);
        leave();
        return;
    }
    goTo(m_step + 1);
}

void LessonPlayer::goTo(int index) {
    if (!m_playing || index < 0 || index >= stepCount()) return;
    if (QString error = showStep(index); !error.isEmpty()) emit showMeFailed(error);
}

QString LessonPlayer::showStep(int index) {
    m_pending.clear();
    m_actionTimer.stop();
    releaseControls();
    const moe::LessonStep& s = m_lesson.steps.at(static_cast<std::size_t>(index));
    if (s.scene) {
        if (QString error = applyScene(*s.scene); !error.isEmpty()) return error;
    }
    m_step = index;
    m_answeredRight = false;
    applyControlStates();
    m_events.clear();  // events since the step was shown, not those of setting it up
    evaluateNow();
    emit stepChanged(index);
    return {};
}

QString LessonPlayer::applyScene(const moe::LessonScene& scene) {
    const QScopedValueRollback settingUp(m_settingScene, true);
    return m_stage->applyScene(scene);
}

void LessonPlayer::applyControlStates() {
    if (!m_playing) return;
    const moe::LessonStep& s = step();
    const auto hold = [this](const std::string& name, bool hide) {
        QWidget* control = m_stage->control(QString::fromStdString(name));
        if (!control) return;
        for (QWidget* w : withLabels(m_stage->window(), control)) {
            auto held = std::find_if(m_held.begin(), m_held.end(), [w](const Held& h) { return h.widget == w; });
            if (held == m_held.end()) {
                m_held.push_back({w, w->isHidden(), w->testAttribute(Qt::WA_ForceDisabled), hide});
                held = m_held.end() - 1;
            }
            if (hide) w->hide();
            else w->setEnabled(false);
        }
    };
    for (const std::string& name : s.hide) hold(name, true);
    for (const std::string& name : s.lock) hold(name, false);
    if (!classModeActive()) return;
    // Class mode: the settings (those with a RunConfig key) this lesson never uses.
    for (const moe::LessonControl& c : moe::lessonControls())
        if (!c.configKey.empty() && std::find(m_used.begin(), m_used.end(), c.name) == m_used.end()) hold(c.name, true);
}

void LessonPlayer::setClassMode(bool on) {
    if (on == m_classMode) return;
    m_classMode = on;
    if (!m_playing) return;
    releaseControls();
    applyControlStates();
}

void LessonPlayer::releaseControls() {
    for (const Held& h : m_held) {
        if (!h.widget) continue;
        if (h.hidden) h.widget->setVisible(!h.wasHidden);
        else h.widget->setEnabled(!h.wasDisabled);
    }
    m_held.clear();
}

void LessonPlayer::scheduleEvaluation() {
    if (!m_evaluate.isActive()) m_evaluate.start();
}

void LessonPlayer::evaluateNow() {
    m_evaluate.stop();
    if (!m_playing || !step().check) {
        if (!m_result.lines.empty() || m_result.passed) {
            m_result = {};
            emit checkChanged();
        }
        return;
    }
    const nlohmann::ordered_json current = m_stage->facts();
    const nlohmann::ordered_json* previous = nullptr;
    for (auto run = m_runs.rbegin(); run != m_runs.rend(); ++run)
        if (run->generation != m_generation) {
            previous = &run->facts;
            break;
        }
    moe::LessonFacts facts;
    facts.current = current.is_null() ? nullptr : &current;
    facts.previous = previous;
    facts.events = m_events;
    moe::LessonCheckResult result = moe::evaluateLessonCheck(*step().check, facts);
    if (sameLines(result, m_result)) return;
    m_result = std::move(result);
    emit checkChanged();
}

void LessonPlayer::onEvent(const QString& key) {
    if (!m_playing) return;
    const std::string k = key.toStdString();
    if (k == "run-finished") m_runs.push_back({m_generation, m_stage->facts()});
    m_events.insert(k);
    scheduleEvaluation();
}

void LessonPlayer::onExperimentReset() {
    ++m_generation;
    scheduleEvaluation();
}

void LessonPlayer::showMe() {
    if (!m_playing || step().showMe.empty()) return;
    m_pending = step().showMe;
    m_waitedTicks = 0;
    performNextAction();
}

void LessonPlayer::performNextAction() {
    while (m_playing && !m_pending.empty()) {
        const moe::LessonAction action = m_pending.front();
        const QString target = QString::fromStdString(action.target);
        switch (action.kind) {
        case moe::LessonAction::Kind::Set:
            m_stage->bringIntoView(target);
            if (!m_stage->setControl(target, action.value))
                emit showMeFailed(tr("Show me could not set %1 to %2").arg(target, QString::fromStdString(action.value.dump())));
            break;
        case moe::LessonAction::Kind::Press:
            if (!m_stage->canPress(target)) {
                if (++m_waitedTicks > kActionMaxTicks) {
                    emit showMeFailed(tr("Show me could not press %1: it stayed unavailable").arg(target));
                    m_pending.clear();
                    return;
                }
                m_actionTimer.start();  // the models are still being built: try again shortly
                return;
            }
            m_stage->bringIntoView(target);
            m_stage->press(target);
            break;
        case moe::LessonAction::Kind::Open: m_stage->open(target); break;
        case moe::LessonAction::Kind::Pin: m_stage->pin(action.row); break;
        }
        m_waitedTicks = 0;
        m_pending.erase(m_pending.begin());
    }
}

LessonPlayer::Answer LessonPlayer::answerChoice(int index) {
    if (!m_playing || !step().question || step().question->kind != moe::LessonQuestion::Kind::Choice) return {};
    const auto& choices = step().question->choices;
    if (index < 0 || index >= static_cast<int>(choices.size())) return {};
    const moe::LessonChoice& c = choices[static_cast<std::size_t>(index)];
    m_answeredRight = m_answeredRight || c.right;
    return {c.right, QString::fromStdString(c.feedback)};
}

LessonPlayer::Answer LessonPlayer::answerNumber(double value) {
    if (!m_playing || !step().question || step().question->kind != moe::LessonQuestion::Kind::Number) return {};
    const moe::LessonQuestion& q = *step().question;
    const bool right = std::isfinite(value) && std::abs(value - q.answer) <= q.tolerance + 1e-12;
    m_answeredRight = m_answeredRight || right;
    return {right, QString::fromStdString(right ? q.rightFeedback : q.wrongFeedback)};
}

}  // namespace moe::ui
