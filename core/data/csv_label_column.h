#pragma once
// Intended usage: the label column of a CSV file as it streams in - numbers (NaN when
// missing) or texts - and the classes or regression targets it becomes once the file is
// read and rows with a missing value are dropped. Owned by CsvTableBuilder.
//
//   CsvLabelColumn label(/*numeric=*/false, expectedRows);
//   label.addText("setosa", line, column); ...
//   Status s = label.makeTargets(dataset, rules);   // classes in name order

#include "core/data/csv_category_column.h"
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moe {

class CsvLabelColumn {
public:
    /// What makeTargets() needs to decide the task and to place its errors.
    struct Rules {
        std::string path;             ///< for messages
        std::string name;             ///< the label column's name
        std::size_t column = 0;       ///< its 1-based number in the file
        std::size_t firstDataLine = 0;
        std::optional<Task> task;     ///< nullopt infers
        int maxInferredClasses = 20;
    };

    CsvLabelColumn() = default;
    CsvLabelColumn(bool numeric, std::size_t expectedRows);

    bool numeric() const { return m_numeric; }
    void addNumber(float value);  ///< NaN = missing
    void addText(std::string text, std::size_t line, std::size_t column);
    void addMissingText();
    /// Whether `row` has no label.
    bool missing(std::size_t row) const;
    void keepRows(const std::vector<std::uint8_t>& keep);

    /// Fills out.task and out.classNames + out.labels, or out.values. Text labels cannot be
    /// regression targets; a classification needs 2 to 1000 classes.
    Status makeTargets(Dataset& out, const Rules& rules);

private:
    bool m_numeric = true;
    std::vector<float> m_values;
    CsvCategoryColumn m_texts;
    std::size_t m_firstTextLine = 0;    ///< where the first text label is, for messages
    std::size_t m_firstTextColumn = 0;
};

}  // namespace moe
