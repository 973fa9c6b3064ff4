#include "core/teach/lesson.h"

#include "core/teach/lesson_targets.h"

#include <algorithm>

namespace moe {
namespace {

void addUnique(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

// The control that sets the RunConfig key `key` ("top_k" -> "top-k"), if there is one.
void addControlOfKey(std::vector<std::string>& names, const std::string& key) {
    for (const LessonControl& c : lessonControls())
        if (!c.configKey.empty() && c.configKey == key) addUnique(names, c.name);
}

void addFromCondition(std::vector<std::string>& names, const LessonCondition& c) {
    switch (c.kind) {
    case LessonCondition::Kind::Compare:
        if (c.name.rfind("config.", 0) == 0) addControlOfKey(names, c.name.substr(7));
        break;
    case LessonCondition::Kind::Event:
        if (lessonEventTakesControl(c.event) && !c.argument.empty()) addUnique(names, c.argument);
        break;
    case LessonCondition::Kind::All:
    case LessonCondition::Kind::Any:
        for (const LessonCondition& child : c.children) addFromCondition(names, child);
        break;
    }
}

}  // namespace

const std::vector<std::string>& lessonLevels() {
    static const std::vector<std::string> levels{"first-steps", "core", "advanced"};
    return levels;
}

std::vector<std::string> lessonControlsUsed(const Lesson& lesson) {
    std::vector<std::string> names;
    for (const LessonStep& s : lesson.steps) {
        for (const auto* list : {&s.hide, &s.lock, &s.spotlight})
            for (const std::string& n : *list) addUnique(names, n);
        for (const LessonAction& a : s.showMe)
            if (a.kind == LessonAction::Kind::Set) addUnique(names, a.target);
        if (s.scene)
            for (const std::string& key : s.scene->configKeys) addControlOfKey(names, key);
        if (s.check) addFromCondition(names, *s.check);
    }
    return names;
}

}  // namespace moe
