// libFuzzer target: bytes as a glossary file. A refused file gives one printable line
// naming it, and parseGlossary() (the reader of a glossary held in memory) refuses the same
// text; a loaded glossary holds what docs/glossary-format.md promises (ids of lower-case
// words, no id or term twice ignoring case, every related link naming another entry once,
// every entry found by its id) and survives save-and-reload: the program has no glossary
// writer, so the harness writes every field back in the file format and the text must read
// back to the same entries.
#include "tests/fuzz/fuzz_check.h"

#include "core/io/glossary_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace {

using Json = nlohmann::ordered_json;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void checkGlossary(const moe::Glossary& g) {
    if (g.size() == 0) fuzz::broken("an empty glossary");
    std::set<std::string> ids, terms;
    for (const moe::GlossaryEntry& e : g.entries()) {
        if (!fuzz::isLowerCaseId(e.id)) fuzz::broken("an id that is not lower-case words: " + e.id);
        if (!ids.insert(e.id).second) fuzz::broken("an id twice: " + e.id);
        if (!terms.insert(lower(e.term)).second) fuzz::broken("a term twice: " + e.term);
        if (g.find(e.id) != &e) fuzz::broken("find() does not give the entry of id " + e.id);
        if (e.views.empty() || e.related.empty()) fuzz::broken("an entry without views or related entries: " + e.id);
    }
    for (const moe::GlossaryEntry& e : g.entries()) {
        std::set<std::string> seen;
        for (const std::string& r : e.related) {
            if (r == e.id || !ids.count(r) || !seen.insert(r).second) fuzz::broken("a bad related link " + e.id + " -> " + r);
        }
    }
    if (g.search("").size() != g.size()) fuzz::broken("search(\"\") does not list every entry");
}

std::string write(const moe::Glossary& g) {
    Json entries = Json::array();
    for (const moe::GlossaryEntry& e : g.entries()) {
        Json j = {{"id", e.id}, {"term", e.term}};
        if (!e.aliases.empty()) j["aliases"] = e.aliases;
        j["definition"] = e.definition;
        if (!e.formula.empty()) j["formula"] = e.formula;
        j["source"] = e.source;
        j["views"] = e.views;
        j["related"] = e.related;
        entries.push_back(std::move(j));
    }
    const Json doc = {{"format", moe::kGlossaryFormat}, {"version", moe::kGlossaryVersion}, {"entries", entries}};
    return doc.dump(2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, "glossary.json");
    const std::string text(reinterpret_cast<const char*>(data), size);
    moe::Result<moe::Glossary> loaded = moe::readGlossaryFile(path);
    moe::Result<moe::Glossary> parsed = moe::parseGlossary(text, path);
    if (!fuzz::checkBothReaders(loaded, parsed, path)) return 0;
    checkGlossary(loaded.value());
    const std::string saved = write(loaded.value());
    moe::Result<moe::Glossary> again = moe::parseGlossary(saved, "saved");
    if (!again) fuzz::broken("a saved glossary does not load: " + again.error());
    if (write(again.value()) != saved) fuzz::broken("a glossary changed in save and reload");
    return 0;
}
