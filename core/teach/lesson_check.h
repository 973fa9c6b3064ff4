#pragma once
// Intended usage: the checks of a lesson step - conditions on what the application reached,
// written in a lesson file (docs/lesson-format.md) and evaluated after every epoch, every
// ended run and every change of a setting. A condition is one line of text, or "all" /
// "any" of several:
//
//   moe.test_accuracy >= 0.9                 a metric of the latest epoch, named as in
//   moe.routing.load_cv < previous           `moe train --json`; "previous" = the same
//   savings.flops_vs_dense_equal_params > 0.5   value at the end of the learner's previous
//   config.router == "expert-choice"         run in this lesson; config.* = the settings
//   event run-finished                       an event since the step was shown
//   event view-opened pareto
//
// The facts are a JSON object of the shape `moe train --json` prints (runSummaryToJson,
// core/io/run_summary_json.h), so the names a lesson uses are the CLI's and cannot drift:
// parseLessonCondition() refuses a name that object cannot hold.
//
//   Result<LessonCondition> c = parseLessonCondition("moe.routing.load_cv < 0.2");
//   LessonFacts facts{&currentSummary, &previousSummary, {"run-finished"}};
//   LessonCheckResult r = evaluateLessonCheck(c.value(), facts);
//   for (const LessonCheckLine& line : r.lines) show(line.passed, line.text, line.now);

#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace moe {

struct LessonCondition {
    enum class Kind { Compare, Event, All, Any };
    enum class Op { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };

    Kind kind = Kind::Compare;
    std::string label;   ///< what the check-list shows; empty = the condition's own text
    std::string source;  ///< the condition as written
    // Compare: `name op value`, value a number, a string, true/false, or "previous".
    std::string name;    ///< "moe.routing.load_cv", "config.top_k"
    Op op = Op::Equal;
    nlohmann::ordered_json value;  ///< number, string or bool; unused when againstPrevious
    bool againstPrevious = false;
    // Event: the event and its view or control ("" when it takes none).
    std::string event;
    std::string argument;
    // All / Any.
    std::vector<LessonCondition> children;
};

/// One condition line, "name op value" or "event NAME [ARG]": checks every name against
/// the `moe train --json` object (metrics) and the run configuration (config.*), the
/// literal's type against the value it is compared with, and events against lessonEvents().
/// Errors are one phrase, without a file: "unknown metric \"moe.lod_cv\"".
Result<LessonCondition> parseLessonCondition(const std::string& text);

/// Whether `name` ("moe.test_accuracy", "config.top_k") names a single value of the
/// `moe train --json` object of a classification or a regression run.
bool isLessonMetric(const std::string& name);

struct LessonFacts {
    /// The latest state, shaped as `moe train --json` prints it ("config" = the settings in
    /// force); nullptr before anything was built.
    const nlohmann::ordered_json* current = nullptr;
    /// The end of the learner's previous run in this lesson; nullptr when there is none.
    const nlohmann::ordered_json* previous = nullptr;
    /// Events since the step was shown: "run-finished", "view-opened:pareto", "setting-changed:top-k".
    std::set<std::string> events;
};

struct LessonCheckLine {
    std::string text;  ///< the label, or the condition as written
    bool passed = false;
    std::string now;   ///< the value reached, "0.84"; "not reached yet" for a pending event
    int depth = 0;     ///< nesting under all / any (0 = top)
};

struct LessonCheckResult {
    bool passed = false;
    std::vector<LessonCheckLine> lines;  ///< every condition, all / any groups with their members
};

LessonCheckResult evaluateLessonCheck(const LessonCondition& condition, const LessonFacts& facts);

/// The event key of LessonFacts::events: "view-opened" + "pareto" -> "view-opened:pareto".
std::string lessonEventKey(const std::string& event, const std::string& argument = {});

}  // namespace moe
