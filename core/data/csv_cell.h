#pragma once
// Intended usage: how the CSV reader reads one cell. parseCell() decides whether a cell is
// a number, a missing value, a non-finite number (an error) or text, in the file's decimal
// convention; the text helpers turn names and categories into valid UTF-8 for display.
//
//   Cell c = parseCell(text, decimalComma);
//   if (c.kind == CellKind::Number) store(c.value);

#include "core/util/quote_for_message.h"  // quoteForMessage for cells in messages

#include <string>
#include <string_view>

namespace moe {

enum class CellKind { Number, Missing, NonFinite, Text };

struct Cell {
    CellKind kind = CellKind::Text;
    float value = 0.0f;  ///< set for Number only
};

/// Spaces around the cell are ignored. Missing: empty, NA, N/A, NaN or ? (any case).
/// A number is what std::from_chars reads in full, with an optional leading '+'; with
/// `decimalComma` the decimal separator is ',' and a '.' makes the cell text (so 1.234,5 is
/// never silently misread). Infinities and numbers beyond the float range are NonFinite;
/// numbers below it become 0.
Cell parseCell(std::string_view text, bool decimalComma);

bool isMissingMarker(std::string_view text);

/// True when `text` holds a number with a decimal comma (1,5) that is not also a number
/// with a decimal point, and the reverse: what decimal detection counts.
bool looksDecimalComma(std::string_view text);
bool looksDecimalPoint(std::string_view text);

/// `text` itself when it is valid UTF-8, otherwise read as Windows-1252 (what spreadsheet
/// software writes when it does not write UTF-8) and converted.
std::string toUtf8(std::string_view text);

/// Shortest text that reads back as the same float ("2", "0.1", "1e-07").
std::string formatShortest(float value);

}  // namespace moe
