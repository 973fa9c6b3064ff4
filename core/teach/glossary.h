#pragma once
// Intended usage: the glossary of every MoE and machine-learning term the application uses,
// as plain values. It is read from resources/glossary/glossary.json by readGlossaryFile()
// or parseGlossary() (core/io/glossary_file.h), which refuse a file with a duplicate term
// or a link to an entry that does not exist; the GUI's Glossary dock, the formula view's
// term links and the run report's appendix all look entries up here by id.
//
//   Result<Glossary> g = readGlossaryFile(bundledGlossaryPath());
//   if (const GlossaryEntry* e = g.value().find("load-cv")) show(e->term, e->definition);
//   std::vector<const GlossaryEntry*> hits = g.value().search("capacity");

#include <string>
#include <vector>

namespace moe {

struct GlossaryEntry {
    std::string id;                    ///< stable key, lower-case words joined by '-': "load-cv"
    std::string term;                  ///< as shown: "Load CV"
    std::vector<std::string> aliases;  ///< other names a learner may search for
    std::string definition;            ///< plain language, for a learner
    std::string formula;               ///< as docs/moe-definitions.md writes it; empty if none
    std::string source;                ///< the paper or system it comes from
    std::vector<std::string> views;    ///< the views that show it
    std::vector<std::string> related;  ///< ids of related entries (every one exists)
};

class Glossary {
public:
    Glossary() = default;
    /// `entries` must already be checked (parseGlossary() does): unique ids and terms, links
    /// that resolve.
    explicit Glossary(std::vector<GlossaryEntry> entries);

    const std::vector<GlossaryEntry>& entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }
    /// The entry with this id, or nullptr.
    const GlossaryEntry* find(const std::string& id) const;
    /// Entries whose term, an alias, or (after those) definition contains `text`, ignoring
    /// case; term and alias matches first, each group in file order. Empty text: all entries.
    std::vector<const GlossaryEntry*> search(const std::string& text) const;

private:
    std::vector<GlossaryEntry> m_entries;
};

}  // namespace moe
