#pragma once
// Intended usage: reads a lesson file (docs/lesson-format.md, docs/lesson.schema.json) into
// a Lesson (core/teach/lesson.h). Everything is checked before anything is returned: the
// format tag and version, every key and its type (unknown keys are refused), every control,
// action, view and event name (core/teach/lesson_targets.h), every check's metric and
// setting (core/teach/lesson_check.h), every question (a choice question needs a right
// answer), every scene (its dataset and settings read by the session format's own readers
// and validated as a run would be) and, when a glossary is given, every glossary link of
// the texts. A bad file is refused with one line naming the file and the field:
//
//   Result<Lesson> l = readLessonFile("my-lesson.json", &glossary);
//   if (!l) std::cerr << l.error() << '\n';
//   // "my-lesson.json: steps[2].check: unknown metric \"moe.lod_cv\" (names are ...)"
//
// parseLesson() does the same for text already in memory (a Qt resource); `name` is what
// its messages call the file.

#include "core/teach/glossary.h"
#include "core/teach/lesson.h"
#include "core/util/result.h"

#include <cstdint>
#include <string>

namespace moe {

inline constexpr const char* kLessonFormat = "moe-explorer-lesson";
inline constexpr int kLessonVersion = 1;
/// A lesson file larger than this is refused before it is parsed whole.
inline constexpr std::uintmax_t kLessonMaxBytes = 4u << 20;

Result<Lesson> parseLesson(const std::string& text, const std::string& name, const Glossary* glossary = nullptr);
Result<Lesson> readLessonFile(const std::string& path, const Glossary* glossary = nullptr);

/// The glossary ids and view names linked from `text` ("[gate](glossary:gate)",
/// "[Cost tab](view:cost)"), in order.
std::vector<std::string> lessonTextLinks(const std::string& text, const std::string& scheme);

}  // namespace moe
