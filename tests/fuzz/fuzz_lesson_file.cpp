// libFuzzer target: bytes as a lesson file, read against the bundled glossary. A refused
// file gives one printable line naming it, and parseLesson() (the reader of a lesson held in
// memory) refuses the same text; a loaded lesson holds what docs/lesson-format.md promises
// (an id of lower-case words, a known level, 1-120 minutes, 1-64 steps, known controls,
// actions and views, a task for every "Show me", a check for every wait, a right answer
// for every choice question, glossary and view links that resolve, scenes a run accepts)
// and its checks evaluate, without passing, before anything was run. The format has no
// writer, so there is no save-and-reload.
#include "tests/fuzz/fuzz_check.h"

#include "core/io/glossary_file.h"
#include "core/io/lesson_file.h"
#include "core/teach/lesson_targets.h"
#include "core/train/run_config.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace {

const moe::Glossary& bundledGlossary() {
    static const moe::Glossary glossary = [] {
        moe::Result<moe::Glossary> g = moe::readGlossaryFile(MOE_FUZZ_SOURCE_DIR "/resources/glossary/glossary.json");
        if (!g) fuzz::broken("the bundled glossary does not load: " + g.error());
        return std::move(g).value();
    }();
    return glossary;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

void checkText(const std::string& text, const char* what) {
    if (blank(text)) fuzz::broken(std::string("an empty ") + what);
    for (const std::string& id : moe::lessonTextLinks(text, "glossary"))
        if (!bundledGlossary().find(id)) fuzz::broken(std::string("a ") + what + " links to no glossary entry: " + id);
    for (const std::string& view : moe::lessonTextLinks(text, "view"))
        if (!moe::isLessonView(view)) fuzz::broken(std::string("a ") + what + " links to no view: " + view);
}

bool isControl(const std::string& name) { return moe::findLessonControl(name) != nullptr; }

void checkCondition(const moe::LessonCondition& c, int depth) {
    using Kind = moe::LessonCondition::Kind;
    if (depth > 9) fuzz::broken("a check nested deeper than the reader allows");
    if ((c.kind == Kind::All || c.kind == Kind::Any) && c.children.empty()) fuzz::broken("an empty all/any");
    for (const moe::LessonCondition& child : c.children) checkCondition(child, depth + 1);
}

void checkLesson(const moe::Lesson& l) {
    if (!fuzz::isLowerCaseId(l.id)) fuzz::broken("a lesson id that is not lower-case words: " + l.id);
    checkText(l.title, "title");
    checkText(l.summary, "summary");
    const auto& levels = moe::lessonLevels();
    if (std::find(levels.begin(), levels.end(), l.level) == levels.end()) fuzz::broken("an unknown level: " + l.level);
    if (l.minutes < 1 || l.minutes > 120) fuzz::broken("minutes out of 1-120");
    if (l.sources.empty()) fuzz::broken("a lesson without sources");
    for (const std::string& s : l.sources)
        if (blank(s)) fuzz::broken("an empty source");
    if (l.steps.empty() || l.steps.size() > 64) fuzz::broken("a lesson of " + std::to_string(l.steps.size()) + " steps");
    for (const moe::LessonStep& s : l.steps) {
        checkText(s.title, "step title");
        checkText(s.text, "step text");
        if (!s.task.empty()) checkText(s.task, "task");
        for (const auto* names : {&s.hide, &s.lock})
            for (const std::string& n : *names)
                if (!isControl(n)) fuzz::broken("hides or locks an unknown control: " + n);
        for (const std::string& n : s.spotlight)
            if (!isControl(n) && !moe::isLessonAction(n) && !moe::isLessonView(n))
                fuzz::broken("spotlights an unknown target: " + n);
        if (!s.showMe.empty() && s.task.empty()) fuzz::broken("a \"Show me\" without a task");
        for (const moe::LessonAction& a : s.showMe) {
            using Kind = moe::LessonAction::Kind;
            if (a.kind == Kind::Set && !isControl(a.target)) fuzz::broken("sets an unknown control: " + a.target);
            if (a.kind == Kind::Press && !moe::isLessonAction(a.target)) fuzz::broken("presses an unknown action: " + a.target);
            if (a.kind == Kind::Open && !moe::isLessonView(a.target)) fuzz::broken("opens an unknown view: " + a.target);
            if (a.kind == Kind::Pin && a.row < 0) fuzz::broken("pins a negative row");
        }
        if (s.waitForCheck && !s.check) fuzz::broken("waits for no check");
        if (s.scene) {
            if (s.scene->dataset.kind == moe::DatasetSource::Kind::CsvFile) fuzz::broken("a scene reading a CSV file");
            if (moe::Status v = moe::validateConfig(s.scene->config); !v)
                fuzz::broken("a scene whose settings a run refuses: " + v.error());
        }
        if (s.check) {
            checkCondition(*s.check, 0);
            // Before anything was built or happened, nothing is reached: n/a never passes.
            const moe::LessonCheckResult r = moe::evaluateLessonCheck(*s.check, moe::LessonFacts{});
            if (r.lines.empty()) fuzz::broken("a check evaluates to no line");
            if (r.passed) fuzz::broken("a check passes before anything was run: " + s.check->source);
        }
        if (s.question) {
            const moe::LessonQuestion& q = *s.question;
            checkText(q.prompt, "question");
            if (q.kind == moe::LessonQuestion::Kind::Choice) {
                if (q.choices.size() < 2) fuzz::broken("a choice question with fewer than two choices");
                if (std::none_of(q.choices.begin(), q.choices.end(), [](const moe::LessonChoice& c) { return c.right; }))
                    fuzz::broken("a choice question without a right answer");
                for (const moe::LessonChoice& c : q.choices) checkText(c.feedback, "feedback");
            } else if (!(q.tolerance >= 0)) {
                fuzz::broken("a negative tolerance");
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const moe::Glossary& glossary = bundledGlossary();
    const std::string path = fuzz::writeInput(data, size, "lesson.json");
    const std::string text(reinterpret_cast<const char*>(data), size);
    moe::Result<moe::Lesson> loaded = moe::readLessonFile(path, &glossary);
    moe::Result<moe::Lesson> parsed = moe::parseLesson(text, path, &glossary);
    if (!fuzz::checkBothReaders(loaded, parsed, path)) return 0;
    checkLesson(loaded.value());
    return 0;
}
