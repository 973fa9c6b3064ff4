#include "core/data/csv_category_column.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace moe {

void CsvCategoryColumn::add(std::string text, std::size_t limit) {
    if (m_overflow) return;
    auto it = m_codes.find(text);
    if (it == m_codes.end()) {
        if (m_names.size() >= limit) {
            // Keeping it would one-hot encode nearly every row into a column of its own.
            m_codes = {};
            m_names = {};
            m_rows = {};
            m_overflow = true;
            return;
        }
        const auto code = static_cast<std::uint32_t>(m_names.size());
        it = m_codes.emplace(text, code).first;
        m_names.push_back(std::move(text));
    }
    m_rows.push_back(it->second);
}

void CsvCategoryColumn::addMissing() {
    if (!m_overflow) m_rows.push_back(kMissingCode);
}

void CsvCategoryColumn::keepRows(const std::vector<std::uint8_t>& keep) { keepCsvRows(m_rows, 1, keep); }

std::vector<std::uint32_t> CsvCategoryColumn::sortedRanks() const {
    std::vector<std::uint32_t> order(m_names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return m_names[a] < m_names[b]; });
    std::vector<std::uint32_t> rank(m_names.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<std::uint32_t>(i);
    return rank;
}

}  // namespace moe
