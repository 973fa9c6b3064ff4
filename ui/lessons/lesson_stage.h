#pragma once
// Intended usage: what a lesson needs from the window it plays in, and nothing more. The
// lesson player (ui/lessons/lesson_player.h) reads and drives the window only through this
// seam, so it knows no panel; ui/window implements it for MainWindow (WindowLessonStage).
//
//   class MyStage : public LessonStage { ... };       // finds controls, applies scenes
//   LessonPlayer player(&stage);
//   connect(&stage, &LessonStage::happened, ...);      // "run-finished", "view-opened:cost"
//
// Names are those of core/teach/lesson_targets.h: controls and run actions are widgets of
// window() carrying the name as objectName; views are the centre tabs, the Pareto view and
// the docks.

#include "core/teach/lesson.h"

#include <nlohmann/json_fwd.hpp>

#include <QObject>
#include <QRect>
#include <QString>

class QWidget;

namespace moe::ui {

class LessonStage : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~LessonStage() override;

    /// The top-level window whose children carry the lesson names.
    virtual QWidget* window() const = 0;
    /// The widget a control or run action name stands for; null if there is none.
    virtual QWidget* control(const QString& name) const = 0;
    /// Where the spotlight rings `name` (a control, action or view), in window()
    /// coordinates: a view not shown is ringed at its tab. Empty when it is not on screen.
    virtual QRect ringFor(const QString& name) const = 0;
    /// Makes a control or action visible without opening a view a check may wait for:
    /// switches the settings' tabs and scrolls. Views are not opened (the learner does that).
    virtual void bringIntoView(const QString& name) = 0;

    /// Sets up a scene's data and settings through the window's panels (after ending a run
    /// under way). An empty string, or what was wrong.
    virtual QString applyScene(const moe::LessonScene& scene) = 0;
    /// Remembers the learner's own data and settings, and puts them back on leaving a lesson.
    virtual void saveLearnerSetup() = 0;
    virtual void restoreLearnerSetup() = 0;

    /// "Show me": sets a control as the learner would (the control's own signals follow).
    /// False when the value does not fit the control.
    virtual bool setControl(const QString& name, const nlohmann::ordered_json& value) = 0;
    /// Whether a run action can be pressed now (its button is enabled).
    virtual bool canPress(const QString& action) const = 0;
    virtual void press(const QString& action) = 0;
    virtual void open(const QString& view) = 0;
    virtual void pin(int row) = 0;

    /// The application's state shaped as `moe train --json` prints it (the latest epoch of
    /// the current run, "config" = the settings in force); null before anything was built.
    virtual nlohmann::ordered_json facts() const = 0;

signals:
    /// The facts may have changed: an epoch, a rebuild, a setting, a run's end.
    void factsChanged();
    /// A lesson event happened, keyed as LessonFacts::events holds it ("run-finished",
    /// "view-opened:cost", "setting-changed:top-k" and "setting-changed").
    void happened(const QString& eventKey);
    /// A new experiment was built: what follows is another run.
    void experimentReset();
};

}  // namespace moe::ui
