#pragma once
// Intended usage: `moe train --report FILE.html|.pdf` - the window's run report, made
// without a window. Starts a QApplication on the offscreen platform for the duration of
// the call (only then: `moe` itself needs no display), renders the same views the window
// shows, and writes the report atomically. No Qt type in this header, so the command line
// includes it without Qt's headers.
//
//   if (Status s = writeReportWithoutWindow(experiment, origin, importNotes, "run.html"); !s)
//       return fail(s.error());

#include "core/data/dataset_source.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace moe {
class Experiment;
}

namespace moe::ui {

/// `origin`: where the data came from, as the report's dataset section names it;
/// `importNotes`: for a CSV file, what its import did (rows dropped, columns ignored).
Status writeReportWithoutWindow(const moe::Experiment& experiment, const moe::DatasetSource& origin,
                                const std::vector<std::string>& importNotes, const std::string& path);

}  // namespace moe::ui
