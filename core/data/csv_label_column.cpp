#include "core/data/csv_label_column.h"

#include "core/data/csv_cell.h"
#include "core/data/csv_format.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace moe {
namespace {

/// More classes than this is almost surely the wrong column or the wrong task.
constexpr std::size_t kMaxClasses = 1000;

}  // namespace

CsvLabelColumn::CsvLabelColumn(bool numeric, std::size_t expectedRows) : m_numeric(numeric) {
    if (numeric) m_values.reserve(expectedRows);
}

void CsvLabelColumn::addNumber(float value) { m_values.push_back(value); }

void CsvLabelColumn::addText(std::string text, std::size_t line, std::size_t column) {
    if (m_texts.names().empty()) m_firstTextLine = line, m_firstTextColumn = column;
    m_texts.add(std::move(text));
}

void CsvLabelColumn::addMissingText() { m_texts.addMissing(); }

bool CsvLabelColumn::missing(std::size_t row) const {
    return m_numeric ? std::isnan(m_values[row]) : m_texts.rows()[row] == CsvCategoryColumn::kMissingCode;
}

void CsvLabelColumn::keepRows(const std::vector<std::uint8_t>& keep) {
    if (m_numeric) {
        keepCsvRows(m_values, 1, keep);
    } else {
        m_texts.keepRows(keep);
    }
}

Status CsvLabelColumn::makeTargets(Dataset& out, const Rules& rules) {
    auto located = [&](std::size_t line, std::size_t column, const std::string& message) {
        return csvLocated(rules.path, line, column, message);
    };
    if (!m_numeric) {
        const std::vector<std::string>& names = m_texts.names();
        if (rules.task == Task::Regression)
            return Error{located(m_firstTextLine, m_firstTextColumn,
                                 "the label column '" + rules.name + "' holds text (" +
                                     quoteForMessage(names.front()) + "), so it cannot be a regression target")};
        // Classes in name order, keeping only those left after dropping rows.
        std::vector<std::size_t> count(names.size(), 0);
        for (std::uint32_t code : m_texts.rows()) ++count[code];
        std::vector<std::uint32_t> present;
        for (std::uint32_t code = 0; code < count.size(); ++code)
            if (count[code] > 0) present.push_back(code);
        std::sort(present.begin(), present.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
        std::vector<int> classOf(names.size(), -1);
        for (std::size_t i = 0; i < present.size(); ++i) {
            classOf[present[i]] = static_cast<int>(i);
            out.classNames.push_back(toUtf8(names[present[i]]));
        }
        out.labels.reserve(m_texts.rows().size());
        for (std::uint32_t code : m_texts.rows()) out.labels.push_back(classOf[code]);
        out.task = Task::Classification;
    } else {
        std::vector<float> distinct(m_values);
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        out.task = rules.task.value_or(looksLikeClasses(distinct, rules.maxInferredClasses) ? Task::Classification
                                                                                            : Task::Regression);
        if (out.task == Task::Regression) {
            out.values = std::move(m_values);
        } else {
            if (distinct.size() > kMaxClasses)
                return Error{located(rules.firstDataLine, rules.column,
                                     "the label column '" + rules.name + "' has " + std::to_string(distinct.size()) +
                                         " distinct values: too many classes (regression?)")};
            for (float v : distinct) out.classNames.push_back(formatShortest(v));
            out.labels.reserve(m_values.size());
            for (float v : m_values)
                out.labels.push_back(
                    static_cast<int>(std::lower_bound(distinct.begin(), distinct.end(), v) - distinct.begin()));
            m_values = {};
        }
    }
    if (out.task == Task::Classification) {
        if (out.classNames.size() > kMaxClasses)
            return Error{located(rules.firstDataLine, rules.column,
                                 "the label column '" + rules.name + "' has " +
                                     std::to_string(out.classNames.size()) + " distinct values: too many classes")};
        if (out.classNames.size() < 2)
            return Error{located(rules.firstDataLine, rules.column,
                                 "the label column '" + rules.name + "' has one class only (" +
                                     quoteForMessage(out.classNames.front()) + "): a classifier needs two or more")};
    }
    return {};
}

}  // namespace moe
