#pragma once
// Intended usage: replace a file's contents so that no reader ever sees a partial file.
// The text goes to a fresh temporary file next to `path` (same directory, so the final
// rename stays on one file system), is flushed to disk, and is renamed over `path`.
//
//   if (Status s = writeFileAtomically(path, text); !s) return s;   // names path and reason
//
// On any failure the temporary file is removed and an existing `path` is left as it was.

#include "core/util/result.h"

#include <string>
#include <string_view>

namespace moe {

Status writeFileAtomically(const std::string& path, std::string_view contents);

}  // namespace moe
