#pragma once
// Intended usage: data from a file or the command line (a name, a cell, a key, a path) put
// into a message that must stay one clean, printable line on a terminal or in a dialog.
// Valid UTF-8 text is kept; control characters (C0, DEL, C1: an ESC that would start a
// terminal escape sequence, a CR that would overwrite the line) and bytes that are not
// UTF-8 are shown as escapes; a long value is shortened.
//
//   Error{"unknown key " + quoteForMessage(key)};   // unknown key 'a\x1b[2Jb'
//   Error{visibleText(path, kWholeText) + ": cannot open: ..."};

#include <cstddef>
#include <string>
#include <string_view>

namespace moe {

/// No shortening: the whole text, escaped.
inline constexpr std::size_t kWholeText = static_cast<std::size_t>(-1);

/// `text` with \t, \n, \r as themselves escaped ("\t", "\n", "\r"), other control
/// characters and each byte of an invalid UTF-8 sequence as "\xHH" (lower-case hex), and,
/// when it has more than `maxChars` characters (code points), its first `maxChars`
/// followed by "...". A backslash in the text stays as it is.
std::string visibleText(std::string_view text, std::size_t maxChars = kWholeText);

/// visibleText(text, maxChars) in single quotes: 'abc', 'a\x1b[31mb', 'xxxx...'.
std::string quoteForMessage(std::string_view text, std::size_t maxChars = 40);

}  // namespace moe
