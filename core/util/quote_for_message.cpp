#include "core/util/quote_for_message.h"

namespace moe {
namespace {

/// The length of the valid UTF-8 sequence starting at text[at], or 0 when it is not one
/// (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut off).
std::size_t utf8Length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
    return length;
}

/// `prefix` and the two lower-case hex digits of `c`: "\\x1b", "\\u009b".
void appendEscape(std::string& out, const char* prefix, unsigned char c) {
    constexpr char kDigits[] = "0123456789abcdef";
    out += prefix;
    out += kDigits[c >> 4];
    out += kDigits[c & 0xF];
}

}  // namespace

std::string visibleText(std::string_view text, std::size_t maxChars) {
    std::string out;
    out.reserve(text.size() < 256 ? text.size() + 8 : 256);
    std::size_t chars = 0;
    for (std::size_t at = 0; at < text.size(); ++chars) {
        if (chars == maxChars) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(text[at]);
        if (c < 0x80) {
            if (c == '\t') out += "\\t";
            else if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c < 0x20 || c == 0x7F) appendEscape(out, "\\x", c);
            else out += static_cast<char>(c);
            ++at;
            continue;
        }
        const std::size_t length = utf8Length(text, at);
        if (length == 0) {
            appendEscape(out, "\\x", c);
            ++at;
            continue;
        }
        // C1 controls (U+0080..U+009F, encoded C2 80..C2 9F) act as controls on some
        // terminals (C2 9B is a CSI): shown as the escape of their code point.
        if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0) {
            appendEscape(out, "\\u00", static_cast<unsigned char>(text[at + 1]));
        } else {
            out.append(text, at, length);
        }
        at += length;
    }
    return out;
}

std::string quoteForMessage(std::string_view text, std::size_t maxChars) {
    // Built with append: GCC 12 warns falsely (-Wrestrict) on "'" + string.
    std::string out(1, '\'');
    out += visibleText(text, maxChars);
    out += '\'';
    return out;
}

}  // namespace moe
