#pragma once
// Intended usage: replace a file's contents so that no reader ever sees a partial file.
// The text goes to a fresh temporary file next to `path` (same directory, so the final
// rename stays on one file system), is flushed to disk, and is renamed over `path`.
//
//   if (Status s = writeFileAtomically(path, text); !s) return s;   // names path and reason
//
// On any failure the temporary file is removed and an existing `path` is left as it was.
// The temporary file is "<name>.tmp-XXXXXX", locked (flock) while the save runs; a save
// removes such files left unlocked by an earlier save to the same path that was killed.
// checkCanSave() tells before long work whether a save could start at all:
//
//   if (Status s = checkCanSave(path); !s) return s;   // before training, not after

#include "core/util/result.h"

#include <string>
#include <string_view>

namespace moe {

Status writeFileAtomically(const std::string& path, std::string_view contents);

/// Whether `path` can be saved: a file name, not a directory, in an existing directory
/// where a file can be created (a probe file is made and removed), with space left.
/// Fails with "<path>: cannot save: <reason>".
Status checkCanSave(const std::string& path);

}  // namespace moe
