#pragma once
// Intended usage: `moe train --report FILE.html|.pdf` - the window's run report, made
// without a window. Starts a QApplication on the offscreen platform for the duration of
// the call (only then: `moe` itself needs no display), renders the same views the window
// shows, and writes the report atomically. No Qt type in this header, so the command line
// includes it without Qt's headers.
//
//   if (Status s = writeReportWithoutWindow(experiment, "spirals (600 samples)", "run.html"); !s)
//       return fail(s.error());

#include "core/util/result.h"

#include <string>

namespace moe {
class Experiment;
}

namespace moe::ui {

Status writeReportWithoutWindow(const moe::Experiment& experiment, const std::string& source,
                                const std::string& path);

}  // namespace moe::ui
