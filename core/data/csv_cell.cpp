#include "core/data/csv_cell.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <system_error>

namespace moe {
namespace {

std::string_view trimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsLower(std::string_view text, std::string_view lowerWord) {
    if (text.size() != lowerWord.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (lower(text[i]) != lowerWord[i]) return false;
    return true;
}

bool hasExponentMinus(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if ((text[i] == 'e' || text[i] == 'E') && text[i + 1] == '-') return true;
    return false;
}

/// Reads [first, last) in full as a float; `text` is the whole cell, for the fallbacks.
Cell readNumber(const char* first, const char* last, std::string_view text) {
    if (first != last && *first == '+' && last - first > 1 && first[1] != '-' && first[1] != '+')
        ++first;  // from_chars takes no '+'; "+-1" and "++1" stay text
    float value = 0.0f;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ptr == last && ec == std::errc()) {
        if (std::isfinite(value)) return {CellKind::Number, value};
        return {std::isnan(value) ? CellKind::Missing : CellKind::NonFinite, 0.0f};
    }
    if (ptr == last && ec == std::errc::result_out_of_range) {
        // Too large for a float is an error the person must see; too small is a zero.
        double wide = 0.0;
        const auto [wptr, wec] = std::from_chars(first, last, wide);
        if (wptr == last && wec == std::errc()) {
            if (std::abs(wide) > static_cast<double>(std::numeric_limits<float>::max()))
                return {CellKind::NonFinite, 0.0f};
            return {CellKind::Number, static_cast<float>(wide)};
        }
        if (hasExponentMinus(text)) return {CellKind::Number, 0.0f};
        return {CellKind::NonFinite, 0.0f};
    }
    return {CellKind::Text, 0.0f};
}

/// Code points of Windows-1252's bytes 0x80..0x9F (0 where the code page leaves a hole).
constexpr std::array<char16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            min = 0x10000;
        } else {
            return false;
        }
        if (i + extra >= text.size()) return false;
        std::uint32_t code = c & (0x3Fu >> extra);
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            code = (code << 6) | (d & 0x3Fu);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

void appendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

}  // namespace

bool isMissingMarker(std::string_view text) {
    text = trimSpaces(text);
    return text.empty() || text == "?" || equalsLower(text, "na") || equalsLower(text, "n/a") ||
           equalsLower(text, "nan");
}

Cell parseCell(std::string_view text, bool decimalComma) {
    text = trimSpaces(text);
    if (text.empty()) return {CellKind::Missing, 0.0f};
    const char* first = text.data();
    const char* last = first + text.size();
    Cell cell;
    if (!decimalComma) {
        cell = readNumber(first, last, text);
    } else if (std::memchr(first, '.', text.size()) != nullptr || text.size() > 64) {
        cell = {CellKind::Text, 0.0f};
    } else {
        std::array<char, 64> buffer{};
        std::size_t n = 0;
        for (char c : text) buffer[n++] = c == ',' ? '.' : c;
        cell = readNumber(buffer.data(), buffer.data() + n, text);
    }
    if (cell.kind == CellKind::Text && isMissingMarker(text)) cell.kind = CellKind::Missing;
    return cell;
}

bool looksDecimalComma(std::string_view text) {
    text = trimSpaces(text);
    return text.find(',') != std::string_view::npos &&
           parseCell(text, true).kind == CellKind::Number;
}

bool looksDecimalPoint(std::string_view text) {
    text = trimSpaces(text);
    return text.find('.') != std::string_view::npos &&
           parseCell(text, false).kind == CellKind::Number;
}

std::string toUtf8(std::string_view text) {
    if (isValidUtf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else if (c < 0xA0) {
            const char16_t mapped = kCp1252High[c - 0x80];
            appendUtf8(out, mapped != 0 ? mapped : 0xFFFDu);
        } else {
            appendUtf8(out, c);
        }
    }
    return out;
}

std::string formatShortest(float value) {
    std::array<char, 32> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (ec != std::errc()) return "?";
    return std::string(buffer.data(), ptr);
}

}  // namespace moe
