#include "core/io/glossary_file.h"

#include "core/io/json_file.h"
#include "core/util/quote_for_message.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxEntries = 10000;
constexpr std::size_t kMaxList = 64;
constexpr std::uintmax_t kMaxBytes = 16u << 20;

[[noreturn]] void fail(const std::string& where, const std::string& why) { throw JsonFieldError(where + ": " + why); }

bool isId(const std::string& id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '-';
    });
}

/// Text from the file in a message, in double quotes: control characters and bytes that are
/// not UTF-8 shown as escapes (a message stays one printable line), long text shortened.
std::string shown(const std::string& text) {
    std::string out(1, '"');  // built by appending: GCC 12's -Wrestrict misfires on "\"" + s
    out += visibleText(text, 60);
    out += '"';
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// A string field that must hold text (not only spaces).
std::string readText(const Json& object, std::string_view key, const std::string& path) {
    std::string s = readString(object, key, path);
    if (std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }))
        fail(jsonPath(path, key), "is empty");
    return s;
}

std::vector<std::string> readTexts(const Json& object, std::string_view key, const std::string& path,
                                   std::size_t minCount) {
    std::vector<std::string> list = readStringArray(object, key, path, minCount, kMaxList);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (std::all_of(list[i].begin(), list[i].end(), [](unsigned char c) { return std::isspace(c); }))
            fail(jsonPath(path, key) + "[" + std::to_string(i) + "]", "is empty");
    return list;
}

GlossaryEntry readEntry(const Json& j, const std::string& path) {
    requireObject(j, path);
    rejectUnknownKeys(j, {"id", "term", "aliases", "definition", "formula", "source", "views", "related"}, path);
    GlossaryEntry e;
    e.id = readText(j, "id", path);
    if (!isId(e.id)) fail(jsonPath(path, "id"), shown(e.id) + " is not lower-case words joined by '-'");
    const std::string named = path + " (\"" + e.id + "\")";
    e.term = readText(j, "term", named);
    if (j.contains("aliases")) e.aliases = readTexts(j, "aliases", named, 1);
    e.definition = readText(j, "definition", named);
    if (j.contains("formula")) e.formula = readText(j, "formula", named);
    e.source = readText(j, "source", named);
    e.views = readTexts(j, "views", named, 1);
    e.related = readTexts(j, "related", named, 1);
    return e;
}

Glossary readDocument(const Json& doc) {
    requireObject(doc, "the document");
    rejectUnknownKeys(doc, {"format", "version", "entries"}, "");
    if (readString(doc, "format", "") != kGlossaryFormat)
        fail("format", std::string("expected \"") + kGlossaryFormat + "\"");
    const auto version = readInt(doc, "version", "", 1, 1000);
    if (version != kGlossaryVersion)
        fail("version", std::to_string(version) + " is not supported (this build reads version " +
                            std::to_string(kGlossaryVersion) + ")");
    const Json& list = requireArray(doc, "entries", "", kMaxEntries);
    if (list.empty()) fail("entries", "holds no entry");

    std::vector<GlossaryEntry> entries;
    std::map<std::string, std::size_t> ids, terms;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = "entries[" + std::to_string(i) + "]";
        GlossaryEntry e = readEntry(list[i], path);
        if (auto [it, fresh] = ids.emplace(e.id, i); !fresh)
            fail(path + ".id", shown(e.id) + " is also the id of entries[" + std::to_string(it->second) + "]");
        if (auto [it, fresh] = terms.emplace(lower(e.term), i); !fresh)
            fail(path + ".term", shown(e.term) + " is also the term of entries[" + std::to_string(it->second) + "]");
        entries.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const GlossaryEntry& e = entries[i];
        std::set<std::string> seen;
        for (std::size_t r = 0; r < e.related.size(); ++r) {
            const std::string where = "entries[" + std::to_string(i) + "] (\"" + e.id + "\").related[" + std::to_string(r) + "]";
            const std::string& link = e.related[r];
            if (link == e.id) fail(where, "an entry cannot link to itself");
            if (!ids.count(link)) fail(where, shown(link) + " is not an entry's id");
            if (!seen.insert(link).second) fail(where, shown(link) + " is linked twice");
        }
    }
    return Glossary(std::move(entries));
}

}  // namespace

Result<Glossary> parseGlossary(const std::string& text, const std::string& name) {
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return Error{name + ": not valid JSON: " + withoutExceptionTag(e.what())};
    }
    Result<Glossary> g = catchJsonErrors<Glossary>([&] { return readDocument(doc); });
    if (!g) return Error{name + ": " + g.error()};
    return g;
}

Result<Glossary> readGlossaryFile(const std::string& path) {
    Result<std::string> text = readWholeFile(path, "glossary file", kMaxBytes);
    if (!text) return Error{text.error()};
    return parseGlossary(text.value(), path);
}

}  // namespace moe
