#include "core/teach/glossary.h"

#include <algorithm>
#include <cctype>

namespace moe {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool contains(const std::string& haystack, const std::string& lowerNeedle) {
    return lower(haystack).find(lowerNeedle) != std::string::npos;
}

}  // namespace

Glossary::Glossary(std::vector<GlossaryEntry> entries) : m_entries(std::move(entries)) {}

const GlossaryEntry* Glossary::find(const std::string& id) const {
    const auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const GlossaryEntry& e) { return e.id == id; });
    return it == m_entries.end() ? nullptr : &*it;
}

std::vector<const GlossaryEntry*> Glossary::search(const std::string& text) const {
    const std::string needle = lower(text);
    std::vector<const GlossaryEntry*> byName, byDefinition;
    for (const GlossaryEntry& e : m_entries) {
        const bool named = contains(e.term, needle) ||
                           std::any_of(e.aliases.begin(), e.aliases.end(),
                                       [&](const std::string& a) { return contains(a, needle); });
        if (named) byName.push_back(&e);
        else if (contains(e.definition, needle)) byDefinition.push_back(&e);
    }
    byName.insert(byName.end(), byDefinition.begin(), byDefinition.end());
    return byName;
}

}  // namespace moe
