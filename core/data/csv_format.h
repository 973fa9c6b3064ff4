#pragma once
// Intended usage: the CSV reader's format detection, run on the first bytes of a file
// before it is streamed: is it text at all, which delimiter, whether the first record is a
// header, which decimal separator, and the type of each column.
//
//   if (auto why = binaryError(head, path)) fail(*why);
//   char d = detectDelimiter(head, wholeFile);
//   Result<CsvSample> s = sampleRecords(head, d, 1001, wholeFile, path);
//   bool comma = detectDecimalComma(s.value(), d);
//   bool header = detectHeader(s.value(), comma);

#include "core/data/csv_options.h"
#include "core/util/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

/// The first records of a file as text, each with the line on which it starts.
struct CsvSample {
    std::vector<std::vector<std::string>> records;
    std::vector<std::size_t> lines;
    /// The records are the whole file (not only its first part).
    bool wholeFile = false;
};

/// The delimiters detection chooses from, in the order it prefers them when several split
/// the rows equally well: a tab or a semicolon is rarely anything but a delimiter, while a
/// comma is also a decimal separator and common in text.
/// The most columns a CSV file may have (each a feature but the label). A wider file is
/// refused while its first rows are sampled, with memory bounded by the head read.
inline constexpr std::size_t kMaxCsvColumns = 65536;

inline constexpr char kDelimiterCandidates[] = {'\t', ';', '|', ','};

class CsvTokenizer;

/// "path:line:column: ..." when `head` (a file's first bytes, after any byte-order mark) is
/// not UTF-8 or 8-bit text: UTF-16, a NUL byte, or over 1% control characters other than
/// tab, form feed and line breaks. Nullopt for text.
std::optional<std::string> binaryError(std::string_view head, const std::string& path);

/// The positioned message for a tokenizer that failed.
std::string tokenizerError(const CsvTokenizer& tokenizer, const std::string& path);

/// Splits the first `maxRecords` records. When not `wholeFile`, a last record cut off by
/// the end of `head` is left out. Fails ("path:line:column: ...") on bad quoting or a
/// record of more than kMaxCsvColumns fields.
Result<CsvSample> sampleRecords(std::string_view head, char delimiter, std::size_t maxRecords,
                                bool wholeFile, const std::string& path);

/// The candidate that splits the most records into the same number (2 or more) of fields.
/// Ties go by kDelimiterCandidates' order; ',' when nothing splits the rows.
char detectDelimiter(std::string_view head, bool wholeFile);

/// More cells like 1,5 than cells like 1.5, and the delimiter is not a comma.
bool detectDecimalComma(const CsvSample& sample, char delimiter);

/// The first record is a header when a column whose other cells are numbers starts with a
/// text cell, or when every first cell is a distinct text that does not recur in its column.
bool detectHeader(const CsvSample& sample, bool decimalComma);

/// Per column: Categorical when a data cell (records after `skip`) is text, else Numeric.
std::vector<ColumnType> inferColumnTypes(const CsvSample& sample, std::size_t skip,
                                         std::size_t columns, bool decimalComma);

/// Whether numeric label values (sorted, distinct) look like class codes: all integers
/// and at most `maxClasses` of them.
bool looksLikeClasses(const std::vector<float>& distinctSorted, int maxClasses);

/// "path:line:column: message", the form of every positioned CSV error; the path and the
/// message are shown through visibleText, so data quoted in them stays printable.
std::string csvLocated(const std::string& path, std::size_t line, std::size_t column,
                       const std::string& message);

/// A one-line name for a delimiter: "comma", "semicolon", "tab", "pipe" or the character.
std::string delimiterName(char delimiter);

}  // namespace moe
