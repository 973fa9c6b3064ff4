#include "core/data/csv_format.h"

#include "core/data/csv_cell.h"
#include "core/data/csv_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace moe {
namespace {

/// Keeps the first `max` records as strings; stops at a record of more than
/// kMaxCsvColumns fields, so an unfinished record never holds more than that many strings.
class CollectingSink final : public CsvTokenizer::Sink {
public:
    CollectingSink(CsvSample& sample, std::size_t max) : m_sample(sample), m_max(max) {}

    void field(char* text, std::size_t size, std::size_t /*column*/,
               std::size_t line) override {
        if (full()) return;
        if (m_current.size() == kMaxCsvColumns) {
            m_tooWideLine = line;
            return;
        }
        m_current.emplace_back(text, size);
    }
    void record(std::size_t /*fields*/, std::size_t line) override {
        if (full()) return;
        m_sample.records.push_back(std::move(m_current));
        m_sample.lines.push_back(line);
        m_current.clear();
    }
    bool full() const { return m_sample.records.size() >= m_max || tooWide(); }
    bool tooWide() const { return m_tooWideLine != 0; }
    std::size_t tooWideLine() const { return m_tooWideLine; }

private:
    CsvSample& m_sample;
    std::size_t m_max;
    std::size_t m_tooWideLine = 0;
    std::vector<std::string> m_current;
};

/// Tokenizes up to `max` records; stops at the first failure, keeping what came before it.
/// Returns the tokenizer's failure message, or an empty string.
std::string collect(std::string_view head, char delimiter, std::size_t max, bool wholeFile,
                    const std::string& path, CsvSample& sample) {
    CollectingSink sink(sample, max);
    CsvTokenizer tokenizer(delimiter, sink);
    constexpr std::size_t kPiece = 16 * 1024;
    for (std::size_t at = 0; at < head.size() && !sink.full(); at += kPiece) {
        if (!tokenizer.feed(head.data() + at, std::min(kPiece, head.size() - at)))
            return tokenizerError(tokenizer, path);
    }
    if (sink.tooWide())
        return csvLocated(path, sink.tooWideLine(), 1,
                          "a row of more than " + std::to_string(kMaxCsvColumns) +
                              " fields; a dataset has at most " + std::to_string(kMaxCsvColumns) +
                              " columns");
    sample.wholeFile = false;
    if (!sink.full() && wholeFile) {
        if (!tokenizer.finish()) return tokenizerError(tokenizer, path);
        sample.wholeFile = true;
    }
    return {};
}

}  // namespace

std::string csvLocated(const std::string& path, std::size_t line, std::size_t column,
                       const std::string& message) {
    return visibleText(path) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
           visibleText(message);
}

std::string delimiterName(char delimiter) {
    switch (delimiter) {
        case ',':
            return "comma";
        case ';':
            return "semicolon";
        case '\t':
            return "tab";
        case '|':
            return "pipe";
        default:
            return std::string("'") + delimiter + "'";
    }
}

std::optional<std::string> binaryError(std::string_view head, const std::string& path) {
    if (head.size() >= 2 &&
        ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
        return csvLocated(path, 1, 1, "the file is UTF-16 text; save it as UTF-8 CSV");
    std::size_t control = 0;
    std::size_t line = 1;
    for (std::size_t i = 0; i < head.size(); ++i) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c == '\n' || (c == '\r' && (i + 1 == head.size() || head[i + 1] != '\n'))) ++line;
        if (c == 0)
            return csvLocated(path, line, 1, "not a text file: it holds a NUL byte (binary data?)");
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++control;
    }
    if (control * 100 > head.size())
        return csvLocated(path, 1, 1,
                          "not a text file: too many control characters (binary data?)");
    return std::nullopt;
}

std::string tokenizerError(const CsvTokenizer& tokenizer, const std::string& path) {
    const std::size_t line = tokenizer.line();
    const std::size_t column = tokenizer.column() + 1;
    switch (tokenizer.failure()) {
        case CsvTokenizer::Failure::StrayQuote:
            return csvLocated(path, line, column,
                              "a quote inside a field, or text after its closing quote: quote "
                              "the whole field and double the quotes in it (\"\")");
        case CsvTokenizer::Failure::UnterminatedQuote:
            return csvLocated(path, line, column,
                              "unterminated quote: the quoted field that starts here never ends");
        case CsvTokenizer::Failure::FieldTooLong:
            return csvLocated(path, line, column,
                              "a field longer than 1 MiB starts here (a missing closing quote?)");
        case CsvTokenizer::Failure::None:
            break;
    }
    return csvLocated(path, line, column, "unreadable CSV");
}

Result<CsvSample> sampleRecords(std::string_view head, char delimiter, std::size_t maxRecords,
                                bool wholeFile, const std::string& path) {
    CsvSample sample;
    std::string failure = collect(head, delimiter, maxRecords, wholeFile, path, sample);
    if (!failure.empty()) return Error{std::move(failure)};
    return sample;
}

char detectDelimiter(std::string_view head, bool wholeFile) {
    constexpr std::size_t kRecords = 200;
    char best = ',';
    double bestShare = 0.0;
    bool bestConsistent = false;
    for (char candidate : kDelimiterCandidates) {
        CsvSample sample;
        // A failure (quotes that only make sense with another delimiter) keeps the records
        // read before it, which is the evidence that counts.
        (void)collect(head, candidate, kRecords, wholeFile, std::string(), sample);
        if (sample.records.empty()) continue;
        std::map<std::size_t, std::size_t> counts;
        for (const auto& r : sample.records) ++counts[r.size()];
        const auto mode = std::max_element(counts.begin(), counts.end(), [](auto a, auto b) {
            return a.second < b.second || (a.second == b.second && a.first < b.first);
        });
        if (mode->first < 2) continue;
        const double share =
            static_cast<double>(mode->second) / static_cast<double>(sample.records.size());
        const bool consistent = share >= 0.9;
        // Candidates come in preference order, so only a strictly better one replaces.
        if ((consistent && !bestConsistent) ||
            (consistent == bestConsistent && share > bestShare)) {
            best = candidate;
            bestShare = share;
            bestConsistent = consistent;
        }
    }
    return best;
}

bool detectDecimalComma(const CsvSample& sample, char delimiter) {
    if (delimiter == ',') return false;
    std::size_t comma = 0;
    std::size_t point = 0;
    for (const auto& record : sample.records) {
        for (const std::string& cell : record) {
            if (looksDecimalComma(cell)) ++comma;
            if (looksDecimalPoint(cell)) ++point;
        }
    }
    return comma > point;
}

bool detectHeader(const CsvSample& sample, bool decimalComma) {
    if (sample.records.empty()) return false;
    const auto& first = sample.records.front();
    const std::size_t rows = sample.records.size();
    auto kind = [&](const std::string& cell) { return parseCell(cell, decimalComma).kind; };
    if (rows == 1) {
        // Nothing to compare with: a row of text only is a header (with no data).
        return std::all_of(first.begin(), first.end(),
                           [&](const std::string& c) { return kind(c) == CellKind::Text; });
    }
    bool allText = true;
    for (std::size_t c = 0; c < first.size(); ++c) {
        const CellKind head = kind(first[c]);
        if (head != CellKind::Text) allText = false;
        bool numbers = false;
        bool onlyNumbers = true;
        for (std::size_t r = 1; r < rows && onlyNumbers; ++r) {
            if (c >= sample.records[r].size()) continue;
            const CellKind k = kind(sample.records[r][c]);
            if (k == CellKind::Number || k == CellKind::NonFinite)
                numbers = true;
            else if (k == CellKind::Text)
                onlyNumbers = false;
        }
        if (head == CellKind::Text && numbers && onlyNumbers) return true;
    }
    if (!allText) return false;
    std::set<std::string> names(first.begin(), first.end());
    if (names.size() != first.size()) return false;
    for (std::size_t c = 0; c < first.size(); ++c)
        for (std::size_t r = 1; r < rows; ++r)
            if (c < sample.records[r].size() && sample.records[r][c] == first[c]) return false;
    return true;
}

std::vector<ColumnType> inferColumnTypes(const CsvSample& sample, std::size_t skip,
                                         std::size_t columns, bool decimalComma) {
    std::vector<ColumnType> types(columns, ColumnType::Numeric);
    for (std::size_t r = skip; r < sample.records.size(); ++r) {
        const auto& record = sample.records[r];
        for (std::size_t c = 0; c < std::min(columns, record.size()); ++c) {
            if (types[c] == ColumnType::Numeric &&
                parseCell(record[c], decimalComma).kind == CellKind::Text)
                types[c] = ColumnType::Categorical;
        }
    }
    return types;
}

bool looksLikeClasses(const std::vector<float>& distinctSorted, int maxClasses) {
    if (distinctSorted.size() > static_cast<std::size_t>(std::max(maxClasses, 0))) return false;
    return std::all_of(distinctSorted.begin(), distinctSorted.end(),
                       [](float v) { return std::nearbyint(v) == v; });
}

}  // namespace moe
