#include "core/io/lesson_file.h"

#include "core/data/bundled_datasets.h"
#include "core/data/generators.h"
#include "core/io/config_json.h"
#include "core/io/dataset_source_json.h"
#include "core/io/json_file.h"
#include "core/teach/lesson_targets.h"
#include "core/util/quote_for_message.h"

#include <algorithm>
#include <cctype>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxSteps = 64;
constexpr std::size_t kMaxList = 64;

[[noreturn]] void fail(const std::string& where, const std::string& why) { throw JsonFieldError(where + ": " + why); }

std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

bool isId(const std::string& id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; });
}

std::string readText(const Json& object, std::string_view key, const std::string& path) {
    std::string s = readString(object, key, path);
    if (blank(s)) fail(jsonPath(path, key), "is empty");
    return s;
}

std::string optionalText(const Json& object, std::string_view key, const std::string& path) {
    return object.contains(std::string(key)) ? readText(object, key, path) : std::string();
}

/// The Markdown subset: no HTML tags; links only to the glossary, a view or the web.
void checkMarkup(const std::string& text, const std::string& where, const Glossary* glossary) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '<' && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/' || text[i + 1] == '!'))
            fail(where, "holds an HTML tag (lesson texts are Markdown; see docs/lesson-format.md)");
    for (std::size_t at = text.find("]("); at != std::string::npos; at = text.find("](", at + 2)) {
        const std::size_t end = text.find(')', at);
        if (end == std::string::npos) fail(where, "a link is not closed with ')'");
        const std::string target = text.substr(at + 2, end - at - 2);
        const std::size_t colon = target.find(':');
        const std::string scheme = target.substr(0, colon), rest = colon == std::string::npos ? "" : target.substr(colon + 1);
        if (scheme == "glossary") {
            if (glossary && !glossary->find(rest)) fail(where, "links to " + quoteForMessage(rest) + ", not a glossary entry");
        } else if (scheme == "view") {
            if (!isLessonView(rest))
                fail(where, "links to view " + quoteForMessage(rest) + " (known: " + joinNames(lessonViews()) + ")");
        } else if (scheme != "https" && scheme != "http") {
            fail(where, "link " + quoteForMessage(target) + ": expected glossary:ID, view:NAME or a web address");
        }
    }
}

std::string readMarkup(const Json& object, std::string_view key, const std::string& path, const Glossary* glossary) {
    std::string s = readText(object, key, path);
    checkMarkup(s, jsonPath(path, key), glossary);
    return s;
}

std::vector<std::string> readNames(const Json& object, std::string_view key, const std::string& path,
                                   bool (*known)(const std::string&), const char* what) {
    if (!object.contains(std::string(key))) return {};
    std::vector<std::string> names = readStringArray(object, key, path, 0, kMaxList);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (!known(names[i])) fail(index(jsonPath(path, key), i), "unknown " + std::string(what) + " " + quoteForMessage(names[i]));
    return names;
}

bool isControl(const std::string& name) { return findLessonControl(name) != nullptr; }
bool isTarget(const std::string& name) { return isControl(name) || isLessonAction(name) || isLessonView(name); }

LessonScene readScene(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"dataset", "config"}, path);
    LessonScene scene;
    scene.dataset = datasetSourceFromJson(requireMember(j, "dataset", path), jsonPath(path, "dataset"));
    if (scene.dataset.kind == DatasetSource::Kind::CsvFile)
        fail(path + ".dataset.kind", "a lesson's data is a generator or a bundled dataset, not a CSV file");
    if (scene.dataset.kind == DatasetSource::Kind::Generator && !findGenerator(scene.dataset.generator.name))
        fail(path + ".dataset.generator.name", "unknown generator " + quoteForMessage(scene.dataset.generator.name));
    if (scene.dataset.kind == DatasetSource::Kind::Bundled && !findBundledDataset(scene.dataset.bundledName))
        fail(path + ".dataset.name", "unknown bundled dataset " + quoteForMessage(scene.dataset.bundledName));
    // The settings are the defaults with the scene's keys over them, read and validated by
    // the reader of the session and model files' "config".
    Json config = configToJson(RunConfig{});
    if (j.contains("config")) {
        const Json& given = j.at("config");
        requireObject(given, jsonPath(path, "config"));
        for (const auto& item : given.items()) {
            if (!config.contains(item.key())) fail(jsonPath(jsonPath(path, "config"), item.key()), "unknown key");
            config[item.key()] = item.value();
            scene.configKeys.push_back(item.key());
        }
    }
    Result<RunConfig> read = configFromJson(config, jsonPath(path, "config"));
    if (!read) throw JsonFieldError(read.error());
    scene.config = std::move(read).value();
    return scene;
}

LessonCondition readCheck(const Json& j, const std::string& path, int depth) {
    if (depth > 8) fail(path, "nested too deep");
    if (j.is_string()) {
        Result<LessonCondition> c = parseLessonCondition(j.get<std::string>());
        if (!c) fail(path, c.error());
        return std::move(c).value();
    }
    requireObject(j, path);
    rejectUnknownKeys(j, {"all", "any", "is", "label"}, path);
    const int forms = int(j.contains("all")) + int(j.contains("any")) + int(j.contains("is"));
    if (forms != 1) fail(path, "expected exactly one of \"all\", \"any\" or \"is\"");
    LessonCondition c;
    if (j.contains("is")) {
        c = readCheck(requireMember(j, "is", path), jsonPath(path, "is"), depth + 1);
        if (c.kind != LessonCondition::Kind::Compare && c.kind != LessonCondition::Kind::Event)
            fail(jsonPath(path, "is"), "expected one condition line");
    } else {
        const std::string key = j.contains("all") ? "all" : "any";
        c.kind = key == "all" ? LessonCondition::Kind::All : LessonCondition::Kind::Any;
        const Json& list = requireArray(j, key, path, kMaxList);
        if (list.empty()) fail(jsonPath(path, key), "holds no condition");
        for (std::size_t i = 0; i < list.size(); ++i)
            c.children.push_back(readCheck(list[i], index(jsonPath(path, key), i), depth + 1));
    }
    c.label = optionalText(j, "label", path);
    return c;
}

LessonQuestion readQuestion(const Json& j, const std::string& path, const Glossary* glossary) {
    requireObject(j, path);
    LessonQuestion q;
    const std::string kind = readString(j, "kind", path);
    q.prompt = readMarkup(j, "prompt", path, glossary);
    if (kind == "choice") {
        q.kind = LessonQuestion::Kind::Choice;
        rejectUnknownKeys(j, {"kind", "prompt", "choices"}, path);
        const Json& list = requireArray(j, "choices", path, 12);
        if (list.size() < 2) fail(jsonPath(path, "choices"), "needs at least two choices");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string where = index(jsonPath(path, "choices"), i);
            requireObject(list[i], where);
            rejectUnknownKeys(list[i], {"text", "right", "feedback"}, where);
            q.choices.push_back({readText(list[i], "text", where), readBool(list[i], "right", where),
                                 readMarkup(list[i], "feedback", where, glossary)});
        }
        if (std::none_of(q.choices.begin(), q.choices.end(), [](const LessonChoice& c) { return c.right; }))
            fail(jsonPath(path, "choices"), "no choice is right (set \"right\": true on the right answer)");
    } else if (kind == "number") {
        q.kind = LessonQuestion::Kind::Number;
        rejectUnknownKeys(j, {"kind", "prompt", "answer", "tolerance", "feedback_right", "feedback_wrong"}, path);
        q.answer = readDouble(j, "answer", path);
        q.tolerance = readDouble(j, "tolerance", path);
        if (q.tolerance < 0) fail(jsonPath(path, "tolerance"), "cannot be negative");
        q.rightFeedback = readMarkup(j, "feedback_right", path, glossary);
        q.wrongFeedback = readMarkup(j, "feedback_wrong", path, glossary);
    } else {
        fail(jsonPath(path, "kind"), "expected \"choice\" or \"number\", got " + quoteForMessage(kind));
    }
    return q;
}

void checkControlValue(const LessonControl& control, const Json& value, const std::string& where) {
    using Kind = LessonControl::Kind;
    const bool ok = (control.kind == Kind::Integer && value.is_number_integer()) ||
                    (control.kind == Kind::Number && value.is_number()) ||
                    (control.kind == Kind::Toggle && value.is_boolean()) ||
                    (control.kind == Kind::Choice && value.is_string());
    if (!ok) fail(where, "control " + control.name + " takes " +
                             (control.kind == Kind::Integer ? "an integer" : control.kind == Kind::Number ? "a number"
                              : control.kind == Kind::Toggle ? "true or false" : "a string") +
                             ", got " + describeFound(value));
    if (control.kind == Kind::Choice && !control.choices.empty() &&
        std::find(control.choices.begin(), control.choices.end(), value.get<std::string>()) == control.choices.end())
        fail(where, describeFound(value) + " is not a choice of " + control.name + " (known: " + joinNames(control.choices) + ")");
}

LessonAction readAction(const Json& j, const std::string& path) {
    requireObject(j, path);
    LessonAction a;
    if (j.contains("set")) {
        rejectUnknownKeys(j, {"set", "to"}, path);
        a.kind = LessonAction::Kind::Set;
        a.target = readString(j, "set", path);
        const LessonControl* control = findLessonControl(a.target);
        if (!control) fail(jsonPath(path, "set"), "unknown control " + quoteForMessage(a.target));
        a.value = requireMember(j, "to", path);
        checkControlValue(*control, a.value, jsonPath(path, "to"));
    } else if (j.contains("press")) {
        rejectUnknownKeys(j, {"press"}, path);
        a.kind = LessonAction::Kind::Press;
        a.target = readString(j, "press", path);
        if (!isLessonAction(a.target))
            fail(jsonPath(path, "press"), "unknown action " + quoteForMessage(a.target) + " (known: " + joinNames(lessonActions()) + ")");
    } else if (j.contains("open")) {
        rejectUnknownKeys(j, {"open"}, path);
        a.kind = LessonAction::Kind::Open;
        a.target = readString(j, "open", path);
        if (!isLessonView(a.target))
            fail(jsonPath(path, "open"), "unknown view " + quoteForMessage(a.target) + " (known: " + joinNames(lessonViews()) + ")");
    } else if (j.contains("pin")) {
        rejectUnknownKeys(j, {"pin"}, path);
        a.kind = LessonAction::Kind::Pin;
        a.row = static_cast<int>(readInt(j, "pin", path, 0, 1'000'000));
    } else {
        fail(path, "expected one of \"set\", \"press\", \"open\" or \"pin\"");
    }
    return a;
}

LessonStep readStep(const Json& j, const std::string& path, const Glossary* glossary) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"title", "text", "scene", "hide", "lock", "spotlight", "task", "show_me", "check",
                          "question", "wait_for_check"}, path);
    LessonStep s;
    s.title = readText(j, "title", path);
    s.text = readMarkup(j, "text", path, glossary);
    if (j.contains("scene")) s.scene = readScene(j.at("scene"), jsonPath(path, "scene"));
    s.hide = readNames(j, "hide", path, isControl, "control");
    s.lock = readNames(j, "lock", path, isControl, "control");
    s.spotlight = readNames(j, "spotlight", path, isTarget, "control, action or view");
    if (j.contains("task")) s.task = readMarkup(j, "task", path, glossary);
    if (j.contains("show_me")) {
        if (s.task.empty()) fail(jsonPath(path, "show_me"), "needs a \"task\" to show");
        const Json& list = requireArray(j, "show_me", path, kMaxList);
        if (list.empty()) fail(jsonPath(path, "show_me"), "holds no action");
        for (std::size_t i = 0; i < list.size(); ++i) s.showMe.push_back(readAction(list[i], index(jsonPath(path, "show_me"), i)));
    }
    if (j.contains("check")) s.check = readCheck(j.at("check"), jsonPath(path, "check"), 0);
    if (j.contains("question")) s.question = readQuestion(j.at("question"), jsonPath(path, "question"), glossary);
    if (j.contains("wait_for_check")) {
        s.waitForCheck = readBool(j, "wait_for_check", path);
        if (s.waitForCheck && !s.check) fail(jsonPath(path, "wait_for_check"), "the step has no check to wait for");
    }
    return s;
}

Lesson readDocument(const Json& doc, const Glossary* glossary) {
    requireObject(doc, "the document");
    if (readString(doc, "format", "") != kLessonFormat) fail("format", std::string("expected \"") + kLessonFormat + "\"");
    const auto version = readInt(doc, "version", "", 1, 1000);
    if (version != kLessonVersion)
        fail("version", std::to_string(version) + " is not supported (this build reads version " +
                            std::to_string(kLessonVersion) + ")");
    rejectUnknownKeys(doc, {"format", "version", "id", "title", "summary", "level", "minutes", "sources", "steps",
                            "class_mode"}, "");
    Lesson l;
    l.id = readText(doc, "id", "");
    if (!isId(l.id)) fail("id", quoteForMessage(l.id) + " is not lower-case words joined by '-'");
    l.title = readText(doc, "title", "");
    l.summary = readMarkup(doc, "summary", "", glossary);
    l.level = readString(doc, "level", "");
    const auto& levels = lessonLevels();
    if (std::find(levels.begin(), levels.end(), l.level) == levels.end())
        fail("level", "expected one of " + joinNames(levels) + ", got " + quoteForMessage(l.level));
    l.minutes = static_cast<int>(readInt(doc, "minutes", "", 1, 120));
    l.sources = readStringArray(doc, "sources", "", 1, kMaxList);
    for (std::size_t i = 0; i < l.sources.size(); ++i)
        if (blank(l.sources[i])) fail(index("sources", i), "is empty");
    if (doc.contains("class_mode")) l.classMode = readBool(doc, "class_mode", "");
    const Json& steps = requireArray(doc, "steps", "", kMaxSteps);
    if (steps.empty()) fail("steps", "holds no step");
    for (std::size_t i = 0; i < steps.size(); ++i) l.steps.push_back(readStep(steps[i], index("steps", i), glossary));
    return l;
}

}  // namespace

std::vector<std::string> lessonTextLinks(const std::string& text, const std::string& scheme) {
    std::vector<std::string> out;
    const std::string opening = "](" + scheme + ":";
    for (std::size_t at = text.find(opening); at != std::string::npos; at = text.find(opening, at + 1)) {
        const std::size_t start = at + opening.size();
        const std::size_t end = text.find(')', start);
        if (end == std::string::npos) break;
        out.push_back(text.substr(start, end - start));
    }
    return out;
}

Result<Lesson> parseLesson(const std::string& text, const std::string& name, const Glossary* glossary) {
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return Error{name + ": not valid JSON: " + withoutExceptionTag(e.what())};
    }
    Result<Lesson> l = catchJsonErrors<Lesson>([&] { return readDocument(doc, glossary); });
    if (!l) return Error{name + ": " + l.error()};
    return l;
}

Result<Lesson> readLessonFile(const std::string& path, const Glossary* glossary) {
    Result<Json> doc = readJsonFile(path, "lesson file", kLessonMaxBytes);
    if (!doc) return Error{doc.error()};
    Result<Lesson> l = catchJsonErrors<Lesson>([&] { return readDocument(doc.value(), glossary); });
    if (!l) return Error{path + ": " + l.error()};
    return l;
}

}  // namespace moe
