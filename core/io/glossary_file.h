#pragma once
// Intended usage: reads the glossary file (resources/glossary/glossary.json, described in
// docs/glossary-format.md) into a Glossary (core/teach/glossary.h). Everything is checked:
// the format tag and version, every entry's fields and their types, that ids are
// lower-case words joined by '-', that no id or term (ignoring case) appears twice, and
// that every "related" link names another entry. A bad file is refused with one line
// naming the file and the field:
//
//   Result<Glossary> g = readGlossaryFile("resources/glossary/glossary.json");
//   if (!g) std::cerr << g.error() << '\n';
//   // "glossary.json: entries[12] (\"load-cv\").related[1]: \"lod\" is not an entry's id"
//
// parseGlossary() does the same for text already in memory (a Qt resource, say); `name`
// is what its messages call the file.

#include "core/teach/glossary.h"
#include "core/util/result.h"

#include <string>

namespace moe {

/// The tag the "format" field must hold, and the version this reader understands.
inline constexpr const char* kGlossaryFormat = "moe-explorer-glossary";
inline constexpr int kGlossaryVersion = 1;

Result<Glossary> parseGlossary(const std::string& text, const std::string& name);
Result<Glossary> readGlossaryFile(const std::string& path);

}  // namespace moe
