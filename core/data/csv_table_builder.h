#pragma once
// Intended usage: the CSV reader's streaming half. It receives every field of the file from
// a CsvTokenizer, checks and stores it at once (numbers as floats, categories as codes), so
// memory stays close to the size of the numeric data, and finish() turns the columns into a
// Dataset: missing-value policy, one-hot encoding, classes or regression targets.
//
//   CsvTableBuilder builder(setup);
//   CsvTokenizer tokenizer(';', builder);
//   ... tokenizer.feed(chunk) while !builder.failed() ...
//   Result<Dataset> d = builder.finish();

#include "core/data/csv_category_column.h"
#include "core/data/csv_label_column.h"
#include "core/data/csv_options.h"
#include "core/data/csv_tokenizer.h"
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace moe {

class CsvTableBuilder final : public CsvTokenizer::Sink {
public:
    struct Column {
        std::string name;
        ColumnRole role = ColumnRole::Feature;
        ColumnType type = ColumnType::Numeric;  ///< Numeric or Categorical, never Auto
        /// The person chose the type (not inferred): a categorical column of nearly all
        /// numbers is then taken as meant.
        bool declared = false;
    };
    struct Setup {
        std::string path;             ///< for messages
        std::string name;             ///< the dataset's name
        std::vector<Column> columns;  ///< exactly one has the Label role, or none (features only)
        bool decimalComma = false;
        std::size_t headerRecords = 0;  ///< records to skip (1 for a header)
        std::size_t expectedRows = 0;   ///< an estimate, for reserving memory
        MissingPolicy missing = MissingPolicy::DropRows;
        std::optional<Task> task;
        int maxInferredClasses = 20;
        std::size_t maxCategories = 100;
        std::vector<std::string> missingValues;  ///< more texts meaning missing (trimmed)
    };
    /// What the read did besides producing the data.
    struct Stats {
        std::size_t rowsRead = 0;     ///< data rows in the file
        std::size_t rowsDropped = 0;  ///< for missing values
        std::size_t cellsFilled = 0;  ///< with a column mean
        std::vector<std::string> notes;
    };

    explicit CsvTableBuilder(Setup setup);

    void field(char* text, std::size_t size, std::size_t column, std::size_t line) override;
    void record(std::size_t fields, std::size_t line) override;

    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// Stops the build with a positioned error found outside the fields (e.g. a NUL byte).
    void fail(std::size_t line, std::size_t column, const std::string& message);

    /// The dataset, after the last record; `endLine` is the line after the file's last.
    Result<Dataset> finish(std::size_t endLine);
    const Stats& stats() const { return m_stats; }

private:
    enum class Slot : std::uint8_t {
        Skip,
        NumericFeature,
        CategoricalFeature,
        NumericLabel,
        CategoricalLabel
    };
    struct Position {
        std::size_t line = 0;
        std::size_t column = 0;  ///< 1-based
    };

    void missingCell(std::size_t column, std::size_t line);
    bool isMissing(std::string_view trimmedText) const;
    /// The refusal of a categorical feature that is a mistyped numeric column or has too
    /// many categories, or "" (see CsvOptions::maxCategories and categoricalColumns).
    std::string refusedCategoricalFeature(std::size_t j) const;
    void storeCategory(std::string_view text, std::size_t column, std::size_t line);
    Status dropAndFill(const std::vector<bool>& numericActive,
                       const std::vector<bool>& categoricalActive);
    void assembleFeatures(Dataset& out, const std::vector<bool>& numericActive,
                          const std::vector<bool>& categoricalActive);
    std::string located(std::size_t line, std::size_t column, const std::string& message) const;

    Setup m_setup;
    std::vector<Slot> m_slots;           ///< per file column
    std::vector<std::uint32_t> m_index;  ///< per file column: index within its slot kind
    std::size_t m_numericCount = 0;
    static constexpr std::size_t kNoLabel = static_cast<std::size_t>(-1);
    bool hasLabel() const { return m_labelColumn != kNoLabel; }
    std::size_t m_labelColumn = kNoLabel;
    std::vector<std::size_t> m_numericColumns;      ///< file column of each numeric feature
    std::vector<std::size_t> m_categoricalColumns;  ///< file column of each categorical one

    std::vector<float> m_numeric;  ///< rows x m_numericCount, row-major; NaN = missing
    std::vector<CsvCategoryColumn> m_categorical;
    /// Per categorical feature: cells that parse as numbers, cells that do not, the first
    /// of those and where it is, and where the category past the limit is.
    struct TextCells {
        std::size_t numbers = 0;
        std::size_t texts = 0;
        std::string firstText;
        Position firstTextAt;
        Position overflowAt;
        std::string overflowText;
    };
    std::vector<TextCells> m_textCells;
    CsvLabelColumn m_label;

    std::vector<std::size_t> m_missing;    ///< per file column
    std::vector<Position> m_firstMissing;  ///< per file column
    std::size_t m_rows = 0;
    std::size_t m_records = 0;
    std::size_t m_firstDataLine = 0;
    Position m_extraField;  ///< first field beyond the columns in the current record
    std::string m_error;
    Stats m_stats;
};

}  // namespace moe
