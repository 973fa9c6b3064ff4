#pragma once
// Intended usage: one categorical column of a CSV file as it streams in. Each distinct text
// gets a code in order of first appearance and each row stores one code, so a column of
// repeated words costs 4 bytes a row. The CsvTableBuilder keeps one per categorical feature
// and one for a text label; one-hot encoding and classes read names() in sorted order.
//
//   CsvCategoryColumn colour;
//   colour.add("red", 100); colour.addMissing(); colour.add("blue", 100);
//   colour.rows();          // {0, kMissingCode, 1}
//   colour.sortedRanks();   // {1, 0}: "red" comes second in name order

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace moe {

class CsvCategoryColumn {
public:
    static constexpr std::uint32_t kMissingCode = 0xFFFFFFFFu;

    /// Stores one row's category. A text beyond `limit` distinct ones marks the column as
    /// overflowing (an identifier or free text): its storage is released and later rows are
    /// not stored.
    void add(std::string text, std::size_t limit = std::numeric_limits<std::size_t>::max());
    /// Stores a missing cell for one row.
    void addMissing();

    bool overflow() const { return m_overflow; }
    /// Distinct texts, by code.
    const std::vector<std::string>& names() const { return m_names; }
    /// One code per row, kMissingCode for a missing cell.
    const std::vector<std::uint32_t>& rows() const { return m_rows; }
    /// Keeps the rows whose `keep` entry is non-zero, in order.
    void keepRows(const std::vector<std::uint8_t>& keep);
    /// Position of each code when the names are sorted.
    std::vector<std::uint32_t> sortedRanks() const;

private:
    std::unordered_map<std::string, std::uint32_t> m_codes;
    std::vector<std::string> m_names;
    std::vector<std::uint32_t> m_rows;
    bool m_overflow = false;
};

/// Keeps the rows (`width` values each, row-major) whose `keep` entry is non-zero, in order.
template <class T>
void keepCsvRows(std::vector<T>& values, std::size_t width, const std::vector<std::uint8_t>& keep) {
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

}  // namespace moe
