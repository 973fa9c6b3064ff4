#include "core/data/csv_table_builder.h"

#include "core/data/csv_cell.h"
#include "core/data/csv_format.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace moe {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
/// More classes than this is almost surely the wrong column or the wrong task.
constexpr std::size_t kMaxClasses = 1000;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// Position of each code when the names are sorted.
std::vector<std::uint32_t> sortedRanks(const std::vector<std::string>& names) {
    std::vector<std::uint32_t> order(names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    std::vector<std::uint32_t> rank(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<std::uint32_t>(i);
    return rank;
}

template <class T>
void keepRows(std::vector<T>& values, std::size_t width, const std::vector<std::uint8_t>& keep) {
    std::size_t out = 0;
    for (std::size_t r = 0; r < keep.size(); ++r) {
        if (!keep[r]) continue;
        if (out != r)
            std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(r * width), width,
                        values.begin() + static_cast<std::ptrdiff_t>(out * width));
        ++out;
    }
    values.resize(out * width);
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
    // Reserved, not touched: pages beyond what the file fills never become resident.
    m_numeric.reserve(m_setup.expectedRows * m_numericCount);
    if (hasLabel() && m_slots[m_labelColumn] == Slot::NumericLabel) m_labelValues.reserve(m_setup.expectedRows);
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
                             " (make it categorical, or ignore it)");
                    return;
            }
            if (slot == Slot::NumericFeature) {
                m_numeric.push_back(value);
            } else {
                m_labelValues.push_back(value);
            }
            return;
        }
        case Slot::CategoricalFeature:
            storeCategory(m_categorical[m_index[column]], cell, column, line);
            return;
        case Slot::CategoricalLabel:
            storeCategory(m_labelClasses, cell, column, line);
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

void CsvTableBuilder::storeCategory(Categories& categories, std::string_view text,
                                    std::size_t column, std::size_t line) {
    if (categories.overflow) return;
    text = trimmed(text);
    if (isMissingMarker(text)) {
        missingCell(column, line);
        categories.rows.push_back(kMissingCode);
        return;
    }
    std::string key(text);
    auto it = categories.codes.find(key);
    if (it == categories.codes.end()) {
        const bool isLabel = &categories == &m_labelClasses;
        if (!isLabel && categories.names.size() >= m_setup.maxCategories) {
            // An identifier or free text: keeping it would one-hot encode every row.
            categories = Categories{.codes = {}, .names = {}, .rows = {}, .overflow = true};
            return;
        }
        if (isLabel && categories.names.empty()) m_firstLabelText = {line, column + 1};
        const auto code = static_cast<std::uint32_t>(categories.names.size());
        it = categories.codes.emplace(key, code).first;
        categories.names.push_back(std::move(key));
    }
    categories.rows.push_back(it->second);
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
        if (m_categorical[j].overflow) {
            categoricalActive[j] = false;
            m_stats.notes.push_back("column '" + m_setup.columns[c].name +
                                    "' is ignored: it has more than " +
                                    std::to_string(m_setup.maxCategories) +
                                    " distinct texts (an identifier or free text?)");
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
        if (Status s = makeTargets(out); !s) return Error{s.error()};
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
    const bool labelNumeric = hasLabel() && m_slots[m_labelColumn] == Slot::NumericLabel;
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
            bool missing = hasLabel() && (labelNumeric ? std::isnan(m_labelValues[r])
                                                       : m_labelClasses.rows[r] == kMissingCode);
            for (std::size_t k = 0; dropFeatures && !missing && k < m_numericCount; ++k)
                missing = numericActive[k] && std::isnan(m_numeric[r * m_numericCount + k]);
            for (std::size_t j = 0; dropFeatures && !missing && j < m_categorical.size(); ++j)
                missing = categoricalActive[j] && m_categorical[j].rows[r] == kMissingCode;
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
        keepRows(m_numeric, m_numericCount, keep);
        for (std::size_t j = 0; j < m_categorical.size(); ++j)
            if (categoricalActive[j]) keepRows(m_categorical[j].rows, 1, keep);
        if (labelNumeric) {
            keepRows(m_labelValues, 1, keep);
        } else if (hasLabel()) {
            keepRows(m_labelClasses.rows, 1, keep);
        }
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

Status CsvTableBuilder::makeTargets(Dataset& out) {
    const Column& column = m_setup.columns[m_labelColumn];
    const std::size_t labelColumn = m_labelColumn + 1;
    if (m_slots[m_labelColumn] == Slot::CategoricalLabel) {
        if (m_setup.task == Task::Regression)
            return Error{located(m_firstLabelText.line, m_firstLabelText.column,
                                 "the label column '" + column.name + "' holds text (" +
                                     quoteForMessage(m_labelClasses.names.front()) +
                                     "), so it cannot be a regression target")};
        // Classes in name order, keeping only those left after dropping rows.
        std::vector<std::size_t> count(m_labelClasses.names.size(), 0);
        for (std::uint32_t code : m_labelClasses.rows) ++count[code];
        std::vector<std::uint32_t> present;
        for (std::uint32_t code = 0; code < count.size(); ++code)
            if (count[code] > 0) present.push_back(code);
        std::sort(present.begin(), present.end(), [&](std::uint32_t a, std::uint32_t b) {
            return m_labelClasses.names[a] < m_labelClasses.names[b];
        });
        std::vector<int> classOf(m_labelClasses.names.size(), -1);
        for (std::size_t i = 0; i < present.size(); ++i) {
            classOf[present[i]] = static_cast<int>(i);
            out.classNames.push_back(toUtf8(m_labelClasses.names[present[i]]));
        }
        out.labels.reserve(m_rows);
        for (std::uint32_t code : m_labelClasses.rows) out.labels.push_back(classOf[code]);
        out.task = Task::Classification;
    } else {
        std::vector<float> distinct(m_labelValues);
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        out.task = m_setup.task.value_or(looksLikeClasses(distinct, m_setup.maxInferredClasses)
                                             ? Task::Classification
                                             : Task::Regression);
        if (out.task == Task::Regression) {
            out.values = std::move(m_labelValues);
        } else {
            if (distinct.size() > kMaxClasses)
                return Error{located(m_firstDataLine, labelColumn,
                                     "the label column '" + column.name + "' has " +
                                         std::to_string(distinct.size()) +
                                         " distinct values: too many classes (regression?)")};
            for (float v : distinct) out.classNames.push_back(formatShortest(v));
            out.labels.reserve(m_rows);
            for (float v : m_labelValues)
                out.labels.push_back(static_cast<int>(
                    std::lower_bound(distinct.begin(), distinct.end(), v) - distinct.begin()));
            m_labelValues = {};
        }
    }
    if (out.task == Task::Classification) {
        if (out.classNames.size() > kMaxClasses)
            return Error{located(m_firstDataLine, labelColumn,
                                 "the label column '" + column.name + "' has " +
                                     std::to_string(out.classNames.size()) +
                                     " distinct values: too many classes")};
        if (out.classNames.size() < 2)
            return Error{located(m_firstDataLine, labelColumn,
                                 "the label column '" + column.name + "' has one class only (" +
                                     quoteForMessage(out.classNames.front()) +
                                     "): a classifier needs two or more")};
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
    for (std::size_t c = 0; c < m_setup.columns.size(); ++c) {
        const std::string& name = m_setup.columns[c].name;
        if (m_slots[c] == Slot::NumericFeature && numericActive[m_index[c]]) {
            out.featureNames.push_back(name);
            ++width;
        } else if (m_slots[c] == Slot::CategoricalFeature && categoricalActive[m_index[c]]) {
            Categories& cats = m_categorical[m_index[c]];
            Encoding& e = encodings[m_index[c]];
            e.rank = sortedRanks(cats.names);
            std::vector<std::string> sorted(cats.names.size());
            for (std::size_t i = 0; i < cats.names.size(); ++i) sorted[e.rank[i]] = cats.names[i];
            for (const std::string& value : sorted)
                out.featureNames.push_back(name + "=" + toUtf8(value));
            e.frequency.assign(cats.names.size(), 0.0f);
            std::size_t present = 0;
            for (std::uint32_t code : cats.rows) {
                if (code == kMissingCode) continue;
                e.frequency[e.rank[code]] += 1.0f;
                ++present;
            }
            for (float& f : e.frequency) f /= static_cast<float>(std::max<std::size_t>(present, 1));
            width += cats.names.size();
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
                const std::uint32_t code = m_categorical[m_index[c]].rows[r];
                if (code == kMissingCode) {
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
