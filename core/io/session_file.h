#pragma once
// Intended usage: a whole working session to and from one JSON file (docs/session-format.md
// documents every field): where the dataset came from, the run configuration, the trained
// MoE, the current run's every epoch, its cost and measured latency, the compute saved so
// far, and every ended run of the history. Reopening it rebuilds the same Experiment - same
// split, same standardisation, the saved weights - so every view shows the numbers it showed.
//
//   Session s = ...;                                     // the window gathers it
//   if (Status w = saveSession("work.moe-session", s); !w) report(w.error());
//   Result<RestoredSession> r = openSession("work.moe-session");
//   if (!r) report(r.error());     // "work.moe-session: history[3].layers[0].expert_load: ..."
//   r.value().experiment->territory(grid);               // bit for bit as before
//
// Saving is atomic (core/io/atomic_file.h). Loading trusts nothing: not JSON, truncated,
// another format or version, a missing or mistyped field, a shape that does not fit the
// config, a data file that is missing or changed - each is one line naming the file and the
// field, never a crash. Numbers read back bit-exact.

#include "core/cost/cost_report.h"
#include "core/cost/latency_report.h"
#include "core/cost/savings_tally.h"
#include "core/data/dataset_source.h"
#include "core/train/experiment.h"
#include "core/train/run_config.h"
#include "core/train/run_record.h"
#include "core/train/snapshot.h"
#include "core/train/training_pace.h"
#include "core/train/trained_model.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace moe {

inline constexpr const char* kSessionFormatName = "moe-explorer-session";
inline constexpr int kSessionFormatVersion = 1;

struct Session {
    DatasetSource dataset;
    RunConfig config;
    TrainedModel model;                    ///< the current run's MoE; model.config == config
    /// The current run: epoch 0 (untrained) and every completed epoch.
    std::vector<EpochSnapshot> history;
    CostReport cost;                       ///< of the current run's three models
    std::optional<LatencyReport> latency;  ///< as measured, when it was
    SavingsTally savings;                  ///< compute saved over every prediction so far
    std::vector<RunRecord> runs;           ///< every ended run, in order
    TrainingSpeed trainingSpeed = TrainingSpeed::Full;  ///< the speed the GUI trains at
    std::string savedAt;                   ///< UTC ISO 8601, set by saveSession()
};

/// The document saveSession() writes. Fails when the model holds non-finite weights.
Result<nlohmann::ordered_json> sessionToJson(const Session& session);
/// Every check of loadSession() on a parsed document; errors name the field only.
Result<Session> sessionFromJson(const nlohmann::ordered_json& document);

/// Writes `session` (savedAt set to now) atomically; on failure no file is left behind
/// and any earlier file at `path` is untouched.
Status saveSession(const std::string& path, const Session& session);
/// Reads and checks a session file. The Error is "<path>: <field>: <what is wrong>".
Result<Session> loadSession(const std::string& path);

/// A session made live again: its dataset made again, and the Experiment restored from the
/// saved weights and history (Experiment::restore).
struct RestoredSession {
    Session session;
    LoadedDataset dataset;
    std::unique_ptr<Experiment> experiment;
};

/// `sessionDir` is where a moved CSV file is looked for (see loadDatasetSource()).
Result<RestoredSession> restoreSession(Session session, const std::string& sessionDir = {});
/// loadSession() then restoreSession(); every error names the file.
Result<RestoredSession> openSession(const std::string& path);

}  // namespace moe
