#pragma once
// Intended usage: what every `moe` command shares - exit codes, the one-line error
// report, the dataset options (--data, --samples, --noise, --data-seed) and turning them
// (and --clusters for blobs) into a Dataset, and checking that a dataset fits a loaded model.
//
//   DataOptions data; data.addTo(*command, /*withCsvOptions=*/true);
//   ...parse...
//   Result<Dataset> d = loadDataset(data);
//   if (!d) return fail(d.error());          // "moe: --data: unknown dataset 'foo' ..."

#include "core/data/dataset.h"
#include "core/data/dataset_source.h"
#include "core/train/trained_model.h"
#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
class Validator;
}  // namespace CLI

namespace moe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;  ///< a bug, or the output could not be written
inline constexpr int kExitBadInput = 2;  ///< bad arguments or bad input

/// Prints "moe: <message>" as one line on stderr and returns kExitBadInput. Control
/// characters and invalid UTF-8 in the message are shown as escapes (visibleText).
int fail(const std::string& message);

/// "out of memory while reading --data 'big.csv'" or "... while working on --data 'big.csv'
/// (R rows x C features): the data or the model ... is too large": the data the last
/// loadDataset call read, or plain "out of memory" before any.
std::string outOfMemoryMessage();

/// CLI11 check for an unsigned option: CLI11 itself would wrap "-3" around to 2^64 - 3.
CLI::Validator wholeNumber();

/// True when stderr is a terminal, so progress may redraw a line there.
bool stderrIsTerminal();

/// The options that pick and shape a dataset.
struct DataOptions {
    std::string source;      ///< --data: a built-in generator name or FILE.csv
    int samples = 600;       ///< --samples (generators)
    double noise = 0.0;      ///< --noise (generators); the generator's default if unset
    std::uint64_t seed = 1;  ///< --data-seed (generators)
    int clusters = 4;        ///< --clusters (blobs)
    std::string label;       ///< --label (CSV)
    std::string task;        ///< --task (CSV)
    CLI::Option* samplesOption = nullptr;
    CLI::Option* noiseOption = nullptr;
    CLI::Option* seedOption = nullptr;
    CLI::Option* clustersOption = nullptr;
    CLI::Option* labelOption = nullptr;
    CLI::Option* taskOption = nullptr;
    std::vector<std::string> missingValues;       ///< --missing TOKEN (CSV)
    std::vector<std::string> categoricalColumns;  ///< --categorical COLUMN (CSV)
    std::vector<std::string> ignoredColumns;      ///< --ignore COLUMN (CSV)
    std::vector<CLI::Option*> csvOnlyOptions;     ///< the three above

    /// Adds the options to `command`; --label and --task only when `withCsvOptions`.
    void addTo(CLI::App& command, bool withCsvOptions);
};

/// The dataset the options name, or one line naming the offending option. `origin`, when
/// given, receives where it came from (generator and parameters, bundled name, or the file
/// and its import options) and `importNotes` what a CSV import did, for a report.
Result<Dataset> loadDataset(const DataOptions& options, DatasetSource* origin = nullptr,
                            std::vector<std::string>* importNotes = nullptr);

/// The dataset the options name, fitted to `model` (see fitDataToModel). A CSV file's
/// columns are matched to the model's features by name (readCsvForModel): without
/// `needTargets` (predict) it needs no label column.
Result<Dataset> loadDatasetForModel(const DataOptions& options, const TrainedModel& model, bool needTargets);

/// Checks that `data` has the model's features (count) and, for evaluation, its task and
/// classes; returns the data with class labels renumbered into the model's class order.
Result<Dataset> fitDataToModel(Dataset data, const TrainedModel& model, bool needTargets);

/// Shortest text that reads back as the same float.
std::string formatFloat(float value);
/// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text);

}  // namespace moe::cli
