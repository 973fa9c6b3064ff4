#include "core/data/csv_table_builder.h"

#include "core/data/csv_cell.h"
#include "core/data/csv_format.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <utility>

namespace moe {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

CsvTableBuilder::CsvTableBuilder(Setup setup) : m_setup(std::move(setup)) {
    const std::size_t columns = m_setup.columns.size();
    m_slots.resize(columns, Slot::Skip);
    m_index.resize(columns, 0);
    m_missing.resize(columns, 0);
    m_firstMissing.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        const Column& col = m_setup.columns[c];
        const bool numeric = col.type != ColumnType::Categorical;
        switch (col.role) {
            case ColumnRole::Ignore:
                break;
            case ColumnRole::Label:
                m_slots[c] = numeric ? Slot::NumericLabel : Slot::CategoricalLabel;
                m_labelColumn = c;
                m_label = CsvLabelColumn(numeric, m_setup.expectedRows);
                break;
            case ColumnRole::Feature:
                if (numeric) {
                    m_slots[c] = Slot::NumericFeature;
                    m_index[c] = static_cast<std::uint32_t>(m_numericColumns.size());
                    m_numericColumns.push_back(c);
                } else {
                    m_slots[c] = Slot::CategoricalFeature;
                    m_index[c] = static_cast<std::uint32_t>(m_categoricalColumns.size());
                    m_categoricalColumns.push_back(c);
                }
                break;
        }
    }
    m_numericCount = m_numericColumns.size();
    m_categorical.resize(m_categoricalColumns.size());
    m_textCells.resize(m_categoricalColumns.size());
    // Reserved, not touched: pages beyond what the file fills never become resident.
    m_numeric.reserve(m_setup.expectedRows * m_numericCount);
}

std::string CsvTableBuilder::located(std::size_t line, std::size_t column,
                                     const std::string& message) const {
    return csvLocated(m_setup.path, line, column, message);
}

void CsvTableBuilder::fail(std::size_t line, std::size_t column, const std::string& message) {
    if (m_error.empty()) m_error = located(line, column, message);
}

void CsvTableBuilder::field(char* text, std::size_t size, std::size_t column, std::size_t line) {
    if (!m_error.empty() || m_records < m_setup.headerRecords) return;
    if (column >= m_slots.size()) {
        if (m_extraField.line == 0) m_extraField = {line, column + 1};
        return;
    }
    const std::string_view cell(text, size);
    const Slot slot = m_slots[column];
    switch (slot) {
        case Slot::Skip:
            return;
        case Slot::NumericFeature:
        case Slot::NumericLabel: {
            if (!m_setup.missingValues.empty() && isMissing(trimmed(cell))) {
                missingCell(column, line);
                if (!m_error.empty()) return;
                if (slot == Slot::NumericFeature) m_numeric.push_back(kMissing);
                else m_label.addNumber(kMissing);
                return;
            }
            const Cell parsed = parseCell(cell, m_setup.decimalComma);
            float value = parsed.value;
            const std::string& name = m_setup.columns[column].name;
            switch (parsed.kind) {
                case CellKind::Number:
                    break;
                case CellKind::Missing:
                    missingCell(column, line);
                    value = kMissing;
                    break;
                case CellKind::NonFinite:
                    fail(line, column + 1,
                         quoteForMessage(cell) + " is not a finite number (column '" + name + "')");
                    return;
                case CellKind::Text:
                    fail(line, column + 1,
                         quoteForMessage(cell) + " is not a number, but column '" + name +
                             "' is numeric" +
                             (m_setup.decimalComma ? " with a decimal comma" : "") +
                             ": fix the cell, declare it missing (--missing " + std::string(trimmed(cell)) +
                             "), or read the column as categories (--categorical " + name + ")");
                    return;
            }
            if (slot == Slot::NumericFeature) {
                m_numeric.push_back(value);
            } else {
                m_label.addNumber(value);
            }
            return;
        }
        case Slot::CategoricalFeature:
        case Slot::CategoricalLabel:
            storeCategory(cell, column, line);
            return;
    }
}

void CsvTableBuilder::record(std::size_t fields, std::size_t line) {
    if (!m_error.empty()) return;
    if (m_records++ < m_setup.headerRecords) return;
    const std::size_t expected = m_slots.size();
    if (fields != expected) {
        const std::string message = "this row has " + std::to_string(fields) +
                                    " fields, but the first row has " + std::to_string(expected);
        if (fields > expected) {
            fail(m_extraField.line, m_extraField.column, message);
        } else {
            fail(line, fields + 1, message);
        }
        return;
    }
    if (m_firstDataLine == 0) m_firstDataLine = line;
    ++m_rows;
}

void CsvTableBuilder::missingCell(std::size_t column, std::size_t line) {
    if (m_missing[column]++ == 0) m_firstMissing[column] = {line, column + 1};
    if (m_setup.missing == MissingPolicy::Fail)
        fail(line, column + 1,
             "missing value in column '" + m_setup.columns[column].name +
                 "' (the missing-value policy is to fail)");
}

void CsvTableBuilder::storeCategory(std::string_view text, std::size_t column, std::size_t line) {
    const bool isLabel = m_slots[column] == Slot::CategoricalLabel;
    CsvCategoryColumn* feature = isLabel ? nullptr : &m_categorical[m_index[column]];
    if (feature && feature->overflow()) return;
    text = trimmed(text);
    if (isMissing(text)) {
        missingCell(column, line);
        if (feature) feature->addMissing();
        else m_label.addMissingText();
        return;
    }
    if (!feature) {
        m_label.addText(std::string(text), line, column + 1);
        return;
    }
    TextCells& cells = m_textCells[m_index[column]];
    if (parseCell(text, m_setup.decimalComma).kind == CellKind::Number) {
        ++cells.numbers;
    } else if (cells.texts++ == 0) {
        cells.firstText = std::string(text);
        cells.firstTextAt = {line, column + 1};
    }
    feature->add(std::string(text), m_setup.maxCategories);
    if (feature->overflow()) {
        cells.overflowAt = {line, column + 1};
        cells.overflowText = std::string(text);
    }
}

bool CsvTableBuilder::isMissing(std::string_view trimmedText) const {
    if (isMissingMarker(trimmedText)) return true;
    return std::find(m_setup.missingValues.begin(), m_setup.missingValues.end(), trimmedText) !=
           m_setup.missingValues.end();
}

std::string CsvTableBuilder::refusedCategoricalFeature(std::size_t j) const {
    const Column& col = m_setup.columns[m_categoricalColumns[j]];
    const TextCells& cells = m_textCells[j];
    if (m_categorical[j].overflow())
        return located(cells.overflowAt.line, cells.overflowAt.column,
                       "column '" + col.name + "' has more than " + std::to_string(m_setup.maxCategories) +
                           " distinct values (" + quoteForMessage(cells.overflowText) +
                           " is one too many): an identifier or free text cannot be one-hot encoded; "
                           "ignore the column (--ignore " + col.name + ")");
    // Nearly all numbers: a numeric column with a few mistyped cells, unless the person
    // said the column is categorical.
    const std::size_t all = cells.numbers + cells.texts;
    if (!col.declared && cells.texts > 0 && cells.numbers * 10 >= all * 9)
        return located(cells.firstTextAt.line, cells.firstTextAt.column,
                       quoteForMessage(cells.firstText) + " is not a number, but " + std::to_string(cells.numbers) +
                           " of the " + std::to_string(all) + " values of column '" + col.name +
                           "' are: fix the cell, declare it missing (--missing " + cells.firstText +
                           "), or read the column as categories (--categorical " + col.name + ")");
    return {};
}

Result<Dataset> CsvTableBuilder::finish(std::size_t endLine) {
    if (failed()) return Error{m_error};
    if (m_rows == 0) return Error{located(endLine, 1, "the file has a header but no data rows")};
    m_stats.rowsRead = m_rows;

    // Feature columns with no value at all, or with too many categories, are left out.
    std::vector<bool> numericActive(m_numericCount, true);
    for (std::size_t k = 0; k < m_numericCount; ++k) {
        const std::size_t c = m_numericColumns[k];
        if (m_missing[c] == m_rows) {
            numericActive[k] = false;
            m_stats.notes.push_back("column '" + m_setup.columns[c].name +
                                    "' is ignored: it has no values");
        }
    }
    std::vector<bool> categoricalActive(m_categorical.size(), true);
    for (std::size_t j = 0; j < m_categorical.size(); ++j) {
        const std::size_t c = m_categoricalColumns[j];
        if (std::string why = refusedCategoricalFeature(j); !why.empty()) {
            return Error{std::move(why)};
        } else if (m_missing[c] == m_rows) {
            categoricalActive[j] = false;
            m_stats.notes.push_back("column '" + m_setup.columns[c].name +
                                    "' is ignored: it has no values");
        }
    }

    if (Status s = dropAndFill(numericActive, categoricalActive); !s) return Error{s.error()};
    Dataset out;
    out.name = m_setup.name;
    if (hasLabel()) {
        const CsvLabelColumn::Rules rules{.path = m_setup.path,
                                          .name = m_setup.columns[m_labelColumn].name,
                                          .column = m_labelColumn + 1,
                                          .firstDataLine = m_firstDataLine,
                                          .task = m_setup.task,
                                          .maxInferredClasses = m_setup.maxInferredClasses};
        if (Status s = m_label.makeTargets(out, rules); !s) return Error{s.error()};
    } else {
        out.task = m_setup.task.value_or(Task::Classification);
    }
    assembleFeatures(out, numericActive, categoricalActive);
    if (out.cols == 0)
        return Error{located(m_firstDataLine, 1,
                             hasLabel() ? "no feature columns: every column but the label is ignored or empty"
                                        : "no feature columns: every column is ignored or empty")};
    return out;
}

Status CsvTableBuilder::dropAndFill(const std::vector<bool>& numericActive,
                                    const std::vector<bool>& categoricalActive) {
    std::size_t featureMissing = 0;
    for (std::size_t k = 0; k < m_numericCount; ++k)
        if (numericActive[k]) featureMissing += m_missing[m_numericColumns[k]];
    for (std::size_t j = 0; j < m_categorical.size(); ++j)
        if (categoricalActive[j]) featureMissing += m_missing[m_categoricalColumns[j]];
    const bool dropFeatures = m_setup.missing == MissingPolicy::DropRows && featureMissing > 0;
    const std::size_t labelMissing = hasLabel() ? m_missing[m_labelColumn] : 0;

    if (dropFeatures || labelMissing > 0) {
        std::vector<std::uint8_t> keep(m_rows, 1);
        std::size_t kept = 0;
        for (std::size_t r = 0; r < m_rows; ++r) {
            bool missing = hasLabel() && m_label.missing(r);
            for (std::size_t k = 0; dropFeatures && !missing && k < m_numericCount; ++k)
                missing = numericActive[k] && std::isnan(m_numeric[r * m_numericCount + k]);
            for (std::size_t j = 0; dropFeatures && !missing && j < m_categorical.size(); ++j)
                missing = categoricalActive[j] && m_categorical[j].rows()[r] == CsvCategoryColumn::kMissingCode;
            keep[r] = missing ? 0 : 1;
            kept += keep[r];
        }
        if (kept == 0) {
            Position first{std::numeric_limits<std::size_t>::max(), 1};
            for (std::size_t c = 0; c < m_slots.size(); ++c)
                if (m_slots[c] != Slot::Skip && m_missing[c] > 0 &&
                    m_firstMissing[c].line < first.line)
                    first = m_firstMissing[c];
            return Error{located(first.line, first.column,
                                 "every row has a missing value, so none is left")};
        }
        keepCsvRows(m_numeric, m_numericCount, keep);
        for (std::size_t j = 0; j < m_categorical.size(); ++j)
            if (categoricalActive[j]) m_categorical[j].keepRows(keep);
        if (hasLabel()) m_label.keepRows(keep);
        m_stats.rowsDropped = m_rows - kept;
        m_rows = kept;
        m_stats.notes.push_back(std::to_string(m_stats.rowsDropped) + " of " +
                                std::to_string(m_stats.rowsRead) +
                                " rows dropped for a missing value");
    }

    if (m_setup.missing == MissingPolicy::FillMean) {
        for (std::size_t k = 0; k < m_numericCount; ++k) {
            if (!numericActive[k] || m_missing[m_numericColumns[k]] == 0) continue;
            double sum = 0.0;
            std::size_t count = 0;
            for (std::size_t r = 0; r < m_rows; ++r) {
                const float v = m_numeric[r * m_numericCount + k];
                if (!std::isnan(v)) {
                    sum += v;
                    ++count;
                }
            }
            const float mean =
                count > 0 ? static_cast<float>(sum / static_cast<double>(count)) : 0.0f;
            for (std::size_t r = 0; r < m_rows; ++r) {
                float& v = m_numeric[r * m_numericCount + k];
                if (std::isnan(v)) {
                    v = mean;
                    ++m_stats.cellsFilled;
                }
            }
        }
    }
    return {};
}

void CsvTableBuilder::assembleFeatures(Dataset& out, const std::vector<bool>& numericActive,
                                       const std::vector<bool>& categoricalActive) {
    // Per active categorical column: code -> one-hot offset in name order, and the
    // category frequencies that stand in for a missing cell (the mean of its one-hot columns).
    struct Encoding {
        std::vector<std::uint32_t> rank;
        std::vector<float> frequency;
    };
    std::vector<Encoding> encodings(m_categorical.size());
    std::size_t width = 0;
    // One-hot names ("colour=red") must not collide with any other feature's name - a numeric
    // column may be called "colour=red", and "a=b" with "c" and "a" with "b=c" both expand to
    // "a=b=c". The columns keep their (already unique) names; an expanded name that is taken
    // gets " (2)", " (3)", ... so each feature, and what a model file records, is one column.
    std::set<std::string> taken;
    for (std::size_t c = 0; c < m_setup.columns.size(); ++c)
        if (m_slots[c] == Slot::NumericFeature && numericActive[m_index[c]]) taken.insert(m_setup.columns[c].name);
    const auto uniqueName = [&](const std::string& wanted) {
        std::string name = wanted;
        for (int k = 2; taken.count(name) > 0; ++k) name = wanted + " (" + std::to_string(k) + ")";
        taken.insert(name);
        return name;
    };
    for (std::size_t c = 0; c < m_setup.columns.size(); ++c) {
        const std::string& name = m_setup.columns[c].name;
        if (m_slots[c] == Slot::NumericFeature && numericActive[m_index[c]]) {
            out.featureNames.push_back(name);
            ++width;
        } else if (m_slots[c] == Slot::CategoricalFeature && categoricalActive[m_index[c]]) {
            const CsvCategoryColumn& cats = m_categorical[m_index[c]];
            const std::vector<std::string>& names = cats.names();
            Encoding& e = encodings[m_index[c]];
            e.rank = cats.sortedRanks();
            std::vector<std::string> sorted(names.size());
            for (std::size_t i = 0; i < names.size(); ++i) sorted[e.rank[i]] = names[i];
            for (const std::string& value : sorted)
                out.featureNames.push_back(uniqueName(name + "=" + toUtf8(value)));
            e.frequency.assign(names.size(), 0.0f);
            std::size_t present = 0;
            for (std::uint32_t code : cats.rows()) {
                if (code == CsvCategoryColumn::kMissingCode) continue;
                e.frequency[e.rank[code]] += 1.0f;
                ++present;
            }
            for (float& f : e.frequency) f /= static_cast<float>(std::max<std::size_t>(present, 1));
            width += names.size();
        }
    }
    out.rows = m_rows;
    out.cols = width;
    const bool allNumeric =
        width == m_numericCount &&
        std::all_of(numericActive.begin(), numericActive.end(), [](bool b) { return b; });
    if (allNumeric) {
        // The common case: the stored matrix is the feature matrix; no copy.
        m_numeric.resize(m_rows * m_numericCount);
        out.features = std::move(m_numeric);
        return;
    }
    out.features.assign(m_rows * width, 0.0f);
    for (std::size_t r = 0; r < m_rows; ++r) {
        float* row = out.features.data() + r * width;
        std::size_t at = 0;
        for (std::size_t c = 0; c < m_setup.columns.size(); ++c) {
            if (m_slots[c] == Slot::NumericFeature && numericActive[m_index[c]]) {
                row[at++] = m_numeric[r * m_numericCount + m_index[c]];
            } else if (m_slots[c] == Slot::CategoricalFeature && categoricalActive[m_index[c]]) {
                const Encoding& e = encodings[m_index[c]];
                const std::uint32_t code = m_categorical[m_index[c]].rows()[r];
                if (code == CsvCategoryColumn::kMissingCode) {
                    std::copy(e.frequency.begin(), e.frequency.end(), row + at);
                    ++m_stats.cellsFilled;
                } else {
                    row[at + e.rank[code]] = 1.0f;
                }
                at += e.rank.size();
            }
        }
    }
    m_numeric = {};
}

}  // namespace moe
