#pragma once
// Intended usage: where a dataset came from, so that it can be made again - a built-in
// generator and its parameters, a bundled dataset by name, or a CSV file by path with the
// import options used and a hash of its contents. A session file stores this instead of the
// data; reopening the session calls loadDatasetSource().
//
//   DatasetSource s = DatasetSource::csvFile("/data/runs.csv", options);
//   if (Status h = s.hashFile(); !h) report(h.error());       // fills contentHash
//   Result<LoadedDataset> d = loadDatasetSource(s, "/sessions");
//   if (!d) report(d.error());   // "runs.csv: has changed since the session was saved ..."
//
// A CSV file that is no longer at its path is looked for next to the session file (a
// session moved together with its data still opens); a file whose contents changed is
// refused, since the saved model was trained on the old contents.
//
// A run report names the source in words with describeGenerator() and describeCsvOptions():
//
//   describeGenerator(s.generator);   // "240 samples, noise 0.2, seed 1"
//   describeCsvOptions(s.csv);        // {"delimiter “;”", "header row detected", ...}

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "core/data/generators.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace moe {

struct DatasetSource {
    enum class Kind { Generator, Bundled, CsvFile };

    Kind kind = Kind::Generator;
    GeneratorParams generator;   ///< Kind::Generator
    std::string bundledName;     ///< Kind::Bundled: "iris"
    std::string path;            ///< Kind::CsvFile: the file; csvFile() makes it absolute (sessions need that)
    CsvOptions csv;              ///< Kind::CsvFile: the import options (featuresOnly false)
    std::string contentHash;     ///< Kind::CsvFile: contentHash() of the file; empty = not checked

    static DatasetSource generated(const GeneratorParams& params);
    static DatasetSource bundled(const std::string& name);
    static DatasetSource csvFile(const std::string& path, const CsvOptions& options);

    /// Kind::CsvFile: reads the file (in pieces) and sets contentHash (fails if it cannot be read).
    Status hashFile();
};

/// "fnv1a64:" and 16 hex digits: the 64-bit FNV-1a hash of `bytes`. Not cryptographic; it
/// tells a changed file from the same one.
std::string contentHash(std::string_view bytes);

/// A generator's parameters in words, for a reader: "240 samples, noise 0.2, seed 1", and
/// for blobs ", 4 clusters". The noise has at most 4 significant digits; no locale applies.
std::string describeGenerator(const GeneratorParams& params);

/// CSV import options in words, one phrase each, always in this order: delimiter, header
/// row, decimal mark, label column (or, with `roles`, how many columns were ignored by
/// hand), column types set by hand (only when some are), task, missing cells. Plain text
/// holding the person's own label: a caller writing HTML escapes each phrase.
std::vector<std::string> describeCsvOptions(const CsvOptions& options);

struct LoadedDataset {
    Dataset data;
    std::vector<std::string> notes;  ///< what the CSV read did besides loading (rows dropped, ...)
    std::string path;                ///< CsvFile: the file actually read (it may have moved)
};

/// Makes the dataset again. `sessionDir`, when not empty, is where a moved CSV file is
/// looked for (by its file name) when `source.path` no longer exists.
Result<LoadedDataset> loadDatasetSource(const DatasetSource& source, const std::string& sessionDir = {});

}  // namespace moe
