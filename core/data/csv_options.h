#pragma once
// Intended usage: the choices a person makes when importing a CSV file. Every field has a
// default that detects or infers, so `CsvOptions{}` reads most files; the GUI's import
// dialog and the CLI's --label / --task fill in what the person overrides.
//
//   CsvOptions o;
//   o.label = "Species";                 // or "5" (1-based column), "-1" (last); "" = last
//   o.missing = MissingPolicy::FillMean;
//   Result<Dataset> d = readCsv("iris.csv", o);

#include "core/data/dataset.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace moe {

enum class CsvHeader { Detect, Present, Absent };
enum class CsvDecimal { Detect, Point, Comma };

/// What to do with a row that has a missing cell (empty, NA, N/A, NaN or ?).
enum class MissingPolicy {
    DropRows,  ///< drop the row and report how many were dropped (the default)
    FillMean,  ///< fill with the column mean (one-hot columns: the category frequencies)
    Fail       ///< stop with an error at the first missing cell
};

enum class ColumnRole { Feature, Label, Ignore };
/// Numeric columns are used as they are; categorical ones are one-hot encoded as features
/// and give the classes as a label. Auto infers from the first rows.
enum class ColumnType { Auto, Numeric, Categorical };

struct CsvOptions {
    /// ',', ';', '\t' or '|' (any single byte other than a quote or a line break works);
    /// 0 detects among those four.
    char delimiter = 0;
    CsvHeader header = CsvHeader::Detect;
    /// Detect chooses a decimal comma only when the delimiter is not a comma and the first
    /// rows hold more numbers such as 1,5 than such as 1.5.
    CsvDecimal decimal = CsvDecimal::Detect;
    /// The label column: its name, its 1-based number, or a negative number counting from the
    /// end (-1 = the last). Empty: the last column. Ignored when `roles` is given.
    std::string label;
    /// One role per column, or empty (then `label` picks the label and every other column is
    /// a feature). When given it must name exactly one Label.
    std::vector<ColumnRole> roles;
    /// One type per column, or empty (infer all). Auto entries are inferred.
    std::vector<ColumnType> types;
    /// Reading rows to apply a trained model to: no column is the label. `roles` may then
    /// name no Label (and must not name one); without `roles` every column is a feature and
    /// `label` is ignored. The Dataset has no labels or values; its task is `task` or
    /// classification, with no classes.
    bool featuresOnly = false;
    /// Nullopt infers: text labels, or at most maxInferredClasses distinct integers, give
    /// classification; anything else regression.
    std::optional<Task> task;
    MissingPolicy missing = MissingPolicy::DropRows;
    /// Rows read up front to detect the format and infer column types.
    std::size_t inferenceRows = 1000;
    int maxInferredClasses = 20;
    /// A categorical feature with more distinct values than this is refused (file:line:column
    /// of the value past the limit): it is almost always an identifier or free text, and
    /// one-hot encoding it would blow up. Ignore the column to read the rest.
    std::size_t maxCategories = 100;
    /// Cell texts that also mean "missing" (besides empty, NA, N/A, NaN and ?), compared after
    /// trimming spaces: a column of numbers with such cells stays numeric.
    std::vector<std::string> missingValues;
    /// Columns, by name, read as categories even when their cells are numbers (or nearly all
    /// are: a column whose non-missing cells are at least 90% numbers and some text is
    /// otherwise refused as a mistyped numeric column).
    std::vector<std::string> categoricalColumns;
    /// Columns, by name, left out of the data (the same as the role Ignore).
    std::vector<std::string> ignoredColumns;
    /// Dataset name; empty takes the file name without its directory and extension.
    std::string name;
};

}  // namespace moe
