#include "core/teach/lesson_check.h"

#include "core/io/config_json.h"
#include "core/io/run_summary_json.h"
#include "core/scale/expert_parallel.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_cost.h"
#include "core/scale/llm_cost_json.h"
#include "core/scale/llm_presets.h"
#include "core/teach/lesson_targets.h"
#include "core/util/quote_for_message.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;
using Op = LessonCondition::Op;

/// The Cost tab's At scale page as `moe cost --preset mixtral-8x7b --ep 8 --json` prints it,
/// under "scale": the names `scale.*` a condition may use.
Json referenceScale() {
    Result<LlmDescription> d = loadLlmPreset("mixtral-8x7b");
    if (!d) return Json::object();
    const LlmCost cost = computeLlmCost(d.value().config, 4096);
    Json j = llmCostToJson(d.value(), cost, WeightDtype::Bf16);
    ExpertParallelSetup setup;
    setup.ranks = 8;
    setup.activationDtype = WeightDtype::Bf16;
    setup.tokensPerRank = 4096.0;
    setup.rankFlopsPerSecond = 400e12;
    setup.rankBytesPerSecond = 50e9;
    if (Result<std::vector<int>> where = placeExperts(Placement::Contiguous, d.value().config.moe.experts, 8, {}))
        setup.rankOfExpert = std::move(where).value();
    if (Result<ExpertParallelEstimate> ep = estimateExpertParallel(d.value().config, cost, setup))
        addExpertParallel(j, setup, ep.value(), "contiguous", "uniform");
    return Json{{"scale", std::move(j)}};
}

/// The `moe train --json` object of a run of each task, with every optional part present,
/// and the At scale page's `moe cost --json` object: the names a condition may use are
/// exactly the single values these hold.
const std::array<Json, 3>& referenceSummaries() {
    static const std::array<Json, 3> docs = [] {
        RunSummary classification;
        classification.task = Task::Classification;
        classification.snapshot.routing.classExpert = {{1.0}};
        RunSummary regression;
        regression.task = Task::Regression;
        return std::array<Json, 3>{runSummaryToJson(classification), runSummaryToJson(regression), referenceScale()};
    }();
    return docs;
}

/// The value at a dotted name, or nullptr; never an object or an array.
const Json* lookup(const Json& doc, const std::string& name) {
    const Json* at = &doc;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string key = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (key.empty() || !at->is_object()) return nullptr;
        const auto it = at->find(key);
        if (it == at->end()) return nullptr;
        at = &*it;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return at->is_object() || at->is_array() ? nullptr : at;
}

const Json* referenceValue(const std::string& name) {
    for (const Json& doc : referenceSummaries())
        if (const Json* v = lookup(doc, name)) return v;
    return nullptr;
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

struct OpText {
    const char* text;
    Op op;
};
constexpr std::array<OpText, 6> kOps{{{"<=", Op::LessEqual},
                                      {">=", Op::GreaterEqual},
                                      {"==", Op::Equal},
                                      {"!=", Op::NotEqual},
                                      {"<", Op::Less},
                                      {">", Op::Greater}}};

Result<LessonCondition> parseEvent(const std::string& text, const std::string& rest) {
    LessonCondition c;
    c.kind = LessonCondition::Kind::Event;
    c.source = text;
    const std::size_t space = rest.find(' ');
    c.event = rest.substr(0, space);
    c.argument = space == std::string::npos ? std::string() : trim(rest.substr(space + 1));
    if (!isLessonEvent(c.event))
        return Error{"unknown event " + quoteForMessage(c.event) + " (known: " + joinNames(lessonEvents()) + ")"};
    if (lessonEventTakesView(c.event)) {
        if (!isLessonView(c.argument))
            return Error{"event " + c.event + " needs a view, got " + quoteForMessage(c.argument) +
                         " (known: " + joinNames(lessonViews()) + ")"};
    } else if (lessonEventTakesControl(c.event)) {
        if (!c.argument.empty() && !findLessonControl(c.argument))
            return Error{"event " + c.event + ": unknown control " + quoteForMessage(c.argument)};
    } else if (!c.argument.empty()) {
        return Error{"event " + c.event + " takes nothing after it, got " + quoteForMessage(c.argument)};
    }
    return c;
}

/// A setting compared with a name (config.router == "top-p") must be a value the config accepts.
Status checkSettingValue(const std::string& name, const Json& value) {
    if (name.rfind("config.", 0) != 0 || !value.is_string()) return {};
    Json config = configToJson(RunConfig{});
    config[name.substr(7)] = value;
    Result<RunConfig> read = configFromJson(config, "config");
    if (!read && read.error().find("unknown value") != std::string::npos) return Error{read.error()};
    return {};
}

Result<Json> parseLiteral(const std::string& text) {
    if (text == "true") return Json(true);
    if (text == "false") return Json(false);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        const std::string inner = text.substr(1, text.size() - 2);
        if (inner.find('"') != std::string::npos) return Error{"a string may not hold a double quote"};
        return Json(inner);
    }
    double number = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, number);
    if (ec != std::errc() || ptr != end || text.empty())
        return Error{"expected a number, \"text\", true, false or previous after the comparison, got " +
                     quoteForMessage(text)};
    return Json(number);
}

const char* typeName(const Json& v) {
    if (v.is_boolean()) return "true or false";
    if (v.is_string()) return "a string";
    return "a number";
}

std::string formatNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

std::string showValue(const Json& v) {
    if (v.is_null()) return "n/a";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_string()) return v.get<std::string>();
    return formatNumber(v.get<double>());
}

bool compare(const Json& a, Op op, const Json& b) {
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        switch (op) {
        case Op::Less: return x < y;
        case Op::LessEqual: return x <= y;
        case Op::Greater: return x > y;
        case Op::GreaterEqual: return x >= y;
        case Op::Equal: return x == y;
        case Op::NotEqual: return x != y;
        }
    }
    if (a.is_null() || b.is_null() || a.type() != b.type()) return false;  // n/a never passes
    return op == Op::Equal ? a == b : op == Op::NotEqual && a != b;
}

LessonCheckLine evaluateLeaf(const LessonCondition& c, const LessonFacts& facts, int depth) {
    LessonCheckLine line;
    line.text = c.label.empty() ? c.source : c.label;
    line.depth = depth;
    if (c.kind == LessonCondition::Kind::Event) {
        line.passed = facts.events.count(lessonEventKey(c.event, c.argument)) > 0;
        line.now = line.passed ? "done" : "not yet";
        return line;
    }
    const Json* now = facts.current ? lookup(*facts.current, c.name) : nullptr;
    if (!now) {
        line.now = "no run yet";
        return line;
    }
    line.now = "now " + showValue(*now);
    if (c.againstPrevious) {
        const Json* before = facts.previous ? lookup(*facts.previous, c.name) : nullptr;
        if (!before) {
            line.now += ", no previous run yet";
            return line;
        }
        line.now += ", previous run " + showValue(*before);
        line.passed = compare(*now, c.op, *before);
        return line;
    }
    line.passed = compare(*now, c.op, c.value);
    return line;
}

bool evaluateInto(const LessonCondition& c, const LessonFacts& facts, int depth, std::vector<LessonCheckLine>& lines) {
    if (c.kind == LessonCondition::Kind::Compare || c.kind == LessonCondition::Kind::Event) {
        lines.push_back(evaluateLeaf(c, facts, depth));
        return lines.back().passed;
    }
    const bool all = c.kind == LessonCondition::Kind::All;
    // A top-level group without a label is the check itself: its members are the list.
    const bool header = !c.label.empty() || depth > 0;
    const std::size_t at = lines.size();
    if (header) lines.push_back({c.label.empty() ? std::string(all ? "all of:" : "any of:") : c.label, false, {}, depth});
    bool passed = all;
    for (const LessonCondition& child : c.children) {
        const bool p = evaluateInto(child, facts, header ? depth + 1 : depth, lines);
        passed = all ? passed && p : passed || p;
    }
    if (header) lines[at].passed = passed;
    return passed;
}

}  // namespace

bool isLessonMetric(const std::string& name) { return referenceValue(name) != nullptr; }

std::string lessonEventKey(const std::string& event, const std::string& argument) {
    return argument.empty() ? event : event + ":" + argument;
}

Result<LessonCondition> parseLessonCondition(const std::string& written) {
    const std::string text = trim(written);
    if (text.empty()) return Error{"is empty"};
    if (text.rfind("event ", 0) == 0) return parseEvent(text, trim(text.substr(6)));
    std::size_t at = std::string::npos;
    const OpText* found = nullptr;
    for (std::size_t i = 0; i < text.size() && !found; ++i)
        for (const OpText& o : kOps)
            if (text.compare(i, std::char_traits<char>::length(o.text), o.text) == 0) {
                at = i;
                found = &o;
                break;
            }
    if (!found)
        return Error{"expected \"NAME OP VALUE\" (OP one of < <= > >= == !=) or \"event NAME\", got " +
                     quoteForMessage(text)};
    LessonCondition c;
    c.source = text;
    c.op = found->op;
    c.name = trim(text.substr(0, at));
    const std::string rhs = trim(text.substr(at + std::char_traits<char>::length(found->text)));
    const Json* reference = referenceValue(c.name);
    if (!reference) {
        const bool setting = c.name.rfind("config.", 0) == 0;
        return Error{std::string(setting ? "unknown setting " : "unknown metric ") + quoteForMessage(c.name) +
                     " (names are those of `moe train --json`, e.g. moe.test_accuracy, moe.routing.load_cv, "
                     "config.top_k, and scale. with a name of `moe cost --json`, e.g. scale.params_total)"};
    }
    if (rhs == "previous") {
        c.againstPrevious = true;
    } else {
        Result<Json> literal = parseLiteral(rhs);
        if (!literal) return Error{literal.error()};
        c.value = std::move(literal).value();
    }
    const Json& expected = c.againstPrevious ? *reference : c.value;
    const bool referenceIsNumber = reference->is_number() || reference->is_null();
    if (referenceIsNumber != expected.is_number() ||
        (!referenceIsNumber && reference->type() != expected.type()))
        return Error{c.name + " is " + typeName(referenceIsNumber ? Json(0.0) : *reference) + ", compared with " +
                     typeName(expected)};
    if (!referenceIsNumber && c.op != Op::Equal && c.op != Op::NotEqual)
        return Error{c.name + " is " + typeName(*reference) + ": compare it with == or !="};
    if (Status s = checkSettingValue(c.name, c.value); !s) return Error{s.error()};
    return c;
}

LessonCheckResult evaluateLessonCheck(const LessonCondition& condition, const LessonFacts& facts) {
    LessonCheckResult r;
    r.passed = evaluateInto(condition, facts, 0, r.lines);
    return r;
}

}  // namespace moe
