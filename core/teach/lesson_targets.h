#pragma once
// Intended usage: the names a lesson file may use for the parts of the window - the
// controls it hides, locks, spotlights or sets in "Show me", the run actions it presses,
// the views it opens and the events its checks wait for. The lesson loader
// (core/io/lesson_file.h) refuses any other name, so a misspelt control is a load error,
// never a step that silently does nothing; the GUI gives each control the same objectName
// and tests/ui/lesson checks that every name here exists in the window.
//
//   if (const LessonControl* c = findLessonControl("top-k")) assert(c->kind == LessonControl::Kind::Integer);
//   bool ok = isLessonView("cost") && isLessonAction("train") && isLessonEvent("run-finished");

#include <string>
#include <vector>

namespace moe {

struct LessonControl {
    enum class Kind { Integer, Number, Choice, Toggle };
    std::string name;                  ///< the widget's objectName: "top-k", "router", "datasetCombo"
    Kind kind = Kind::Integer;
    std::vector<std::string> choices;  ///< Kind::Choice: the values "Show me" may set (item texts)
    std::string configKey;             ///< the RunConfig key it sets ("top_k"), empty if none
};

/// Every control a lesson may name, settings first (named as the `moe train` options).
const std::vector<LessonControl>& lessonControls();
const LessonControl* findLessonControl(const std::string& name);

/// Run actions a task may press: "train", "pause", "step-epoch", "step-batch", "stop", "reset",
/// and the At scale page's buttons "scaleUp" (Scale up my model) and "uniformRouting".
const std::vector<std::string>& lessonActions();
bool isLessonAction(const std::string& name);

/// Views a step may open or spotlight and a check may wait for: the centre tabs
/// ("territory", "data", "formula", "utilization", "gate-matrix", "cost", "history"), the
/// Pareto view inside the Cost tab ("pareto"), the Cost tab's At scale page ("at-scale"), and
/// the docks ("glossary", "inspector").
const std::vector<std::string>& lessonViews();
bool isLessonView(const std::string& name);

/// Events a check may wait for, each happening since the step was shown:
/// "run-finished" (a run trained all its epochs or stopped early by itself),
/// "input-pinned" (an input pinned in the gate inspector), "view-opened" (with a view name),
/// "pareto-k-changed" (the Pareto view's top-k at inference changed), "setting-changed"
/// (with a control name), "scaled-up" (Scale up my model put the trained model into the At
/// scale page).
const std::vector<std::string>& lessonEvents();
bool isLessonEvent(const std::string& name);
/// Whether the event takes an argument: a view ("view-opened") or a control ("setting-changed").
bool lessonEventTakesView(const std::string& name);
bool lessonEventTakesControl(const std::string& name);

/// "a, b, c" for messages.
std::string joinNames(const std::vector<std::string>& names);

}  // namespace moe
