#pragma once
// Intended usage: a guided lesson as plain values - what core/io/lesson_file.h reads from
// a lesson file (docs/lesson-format.md) and the GUI's lesson panel plays. A lesson is a
// list of steps; a step may set up a scene (a dataset and settings), hide or lock controls,
// spotlight parts of the window, give the learner a task with the actions "Show me"
// performs, check what the application reached and ask a question.
//
//   Result<Lesson> l = readLessonFile("resources/lessons/01-experts-and-gate.json");
//   for (const LessonStep& s : l.value().steps) show(s.text);

#include "core/data/dataset_source.h"
#include "core/teach/lesson_check.h"
#include "core/train/run_config.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace moe {

/// What a step sets up before it is shown: the data and every setting (the lesson's keys
/// over the defaults), so the step starts the same way whatever the learner did before.
struct LessonScene {
    DatasetSource dataset;  ///< a generator or a bundled dataset
    RunConfig config;       ///< defaults with the scene's keys applied, validated
    std::vector<std::string> configKeys;  ///< the keys the scene set, in file order
};

/// One thing "Show me" does, through the same controls the learner uses.
struct LessonAction {
    enum class Kind { Set, Press, Open, Pin };
    Kind kind = Kind::Press;
    std::string target;          ///< Set: a control; Press: an action; Open: a view
    nlohmann::ordered_json value;  ///< Set: number, string or bool as the control takes
    int row = 0;                 ///< Pin: the dataset row pinned in the gate inspector
};

struct LessonChoice {
    std::string text;
    bool right = false;
    std::string feedback;
};

struct LessonQuestion {
    enum class Kind { Choice, Number };
    Kind kind = Kind::Choice;
    std::string prompt;
    std::vector<LessonChoice> choices;  ///< Kind::Choice: at least two, at least one right
    double answer = 0.0;                ///< Kind::Number
    double tolerance = 0.0;             ///< Kind::Number: right when |given - answer| <= tolerance
    std::string rightFeedback;          ///< Kind::Number
    std::string wrongFeedback;          ///< Kind::Number
};

struct LessonStep {
    std::string title;
    std::string text;  ///< the documented Markdown subset (docs/lesson-format.md)
    std::optional<LessonScene> scene;
    std::vector<std::string> hide;       ///< controls hidden during the step
    std::vector<std::string> lock;       ///< controls shown but disabled
    std::vector<std::string> spotlight;  ///< controls, actions or views ringed
    std::string task;                    ///< what to do, in words; empty = nothing to do
    std::vector<LessonAction> showMe;    ///< what "Show me" does (needs a task)
    std::optional<LessonCondition> check;
    std::optional<LessonQuestion> question;
    bool waitForCheck = false;  ///< Next stays off until the check passes
};

struct Lesson {
    std::string id;     ///< lower-case words joined by '-'
    std::string title;
    std::string summary;
    std::string level;  ///< "first-steps", "core" or "advanced": the course groups by it
    int minutes = 5;
    std::vector<std::string> sources;  ///< the papers and systems its facts come from
    /// Class mode from the start: the settings the lesson does not use are hidden while it
    /// plays (View > Class mode turns it on for any lesson).
    bool classMode = false;
    std::vector<LessonStep> steps;
};

/// The controls a lesson uses anywhere: hidden, locked, spotlit or set by Show me, set by a
/// scene (by their settings' keys) or read by a check (config.*). Class mode keeps these.
std::vector<std::string> lessonControlsUsed(const Lesson& lesson);

/// The levels in course order.
const std::vector<std::string>& lessonLevels();

}  // namespace moe
