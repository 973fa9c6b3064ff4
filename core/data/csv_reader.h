#pragma once
// Intended usage: load a person's CSV file as a Dataset, or look at it first.
//
//   Result<CsvPreview> p = previewCsv(path);          // the import dialog: format, columns,
//                                                      // first rows, the problem a read would hit
//   CsvOptions o; o.label = "species";                 // or o.roles from the dialog
//   CsvReport report;
//   Result<Dataset> d = readCsv(path, o, &report);     // report.rowsDropped, report.notes
//   if (!d) show(d.error());                           // "data.csv:17:3: 'x' is not a number ..."
//
// What it reads: RFC 4180 quoting (quoted fields, doubled quotes, line breaks inside
// quotes), LF / CRLF / CR line ends, UTF-8 with or without a byte-order mark (other 8-bit
// text is taken as Windows-1252 for names), a comma, semicolon, tab or pipe delimiter
// (detected), a header row (detected), a decimal comma with a non-comma delimiter
// (detected), numeric and categorical columns (inferred from the first
// CsvOptions::inferenceRows rows), and missing cells (empty, NA, N/A, NaN, ?).
// Categorical features are one-hot encoded ("colour=red", ...); the label gives classes
// (text, or a few distinct integers) or regression targets.
//
// Every error is one line, "file:line:column: what is wrong", where line is the physical
// line in the file (1-based, counting the header and line breaks inside quotes) and column
// is the 1-based field number in its row. Failures never crash or throw; binary files are
// refused.
//
// Memory and time: the file is streamed in 1 MiB chunks and each cell is converted at once,
// so a numeric file takes about rows x columns x 4 bytes while loading (plus 4 bytes per row
// for the label); see docs/benchmarks.md, "CSV loading".
//
// Tokenising is done by libcsv (Debian's libcsv-dev, LGPL-2.1+, linked privately): it
// handles RFC 4180 quoting in strict mode, streams through callbacks, and its per-field cost
// is small next to the number conversion; CsvTokenizer adds the line tracking it lacks.

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <cstddef>
#include <string>
#include <vector>

namespace moe {

/// What a successful read did besides producing the data.
struct CsvReport {
    char delimiter = ',';
    bool hasHeader = false;
    bool decimalComma = false;
    std::size_t rowsRead = 0;     ///< data rows in the file
    std::size_t rowsDropped = 0;  ///< rows dropped for a missing value (or a missing label)
    std::size_t cellsFilled = 0;  ///< cells filled with the column mean
    /// One sentence each: ignored columns, dropped rows, the row-names column.
    std::vector<std::string> notes;
};

struct CsvColumnPreview {
    std::string name;
    ColumnType inferredType = ColumnType::Numeric;  ///< from the sampled rows
    ColumnType type = ColumnType::Numeric;          ///< as it will be read (options applied)
    ColumnRole role = ColumnRole::Feature;          ///< as it will be read (options applied)
    std::size_t missing = 0;                        ///< missing cells among the sampled rows
    bool declared = false;                          ///< the type was chosen (options), not inferred
    /// Among the sampled rows' non-missing cells (options.missingValues count as missing):
    /// how many read as numbers and how many as text, and the first text with its line.
    std::size_t numbers = 0;
    std::size_t texts = 0;
    std::string firstText;
    std::size_t firstTextLine = 0;                  ///< 1-based line in the file; 0 without text

    /// Numbers except for a few cells (at least 90% numbers, some text) and not declared:
    /// the rule under which a full read refuses the column as a mistyped numeric column.
    bool looksMistyped() const { return !declared && texts > 0 && numbers * 10 >= (numbers + texts) * 9; }
};

struct CsvPreview {
    char delimiter = ',';
    bool hasHeader = false;
    bool decimalComma = false;
    bool utf8Bom = false;
    std::vector<CsvColumnPreview> columns;
    /// The first data rows as text (UTF-8), fields as the tokenizer splits them.
    std::vector<std::vector<std::string>> rows;
    std::size_t labelColumn = 0;
    /// options.task, or inferred from the sampled label cells.
    Task task = Task::Classification;
    std::size_t sampledRows = 0;  ///< data rows looked at (up to options.inferenceRows)
    bool wholeFile = false;       ///< the sampled rows are the whole file
    /// The error readCsv() would stop with, when the sampled rows already show it
    /// ("file:line:column: ..."); empty when they do not.
    std::string problem;
    std::vector<std::string> notes;
};

/// Detects the format and reads the first rows (options applied, so a dialog can show the
/// effect of each setting). Fails only when the file cannot be read as a table at all
/// (missing, empty, binary, bad quoting in the first rows, a single column, bad options).
Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options = {},
                              std::size_t maxRows = 50);

/// Reads the whole file. `report`, when given, is filled on success.
Result<Dataset> readCsv(const std::string& path, const CsvOptions& options = {},
                        CsvReport* report = nullptr);

}  // namespace moe
