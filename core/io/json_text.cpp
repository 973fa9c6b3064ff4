#include "core/io/json_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

bool isFlat(const Json& array) {
    return std::none_of(array.begin(), array.end(),
                        [](const Json& v) { return v.is_object() || v.is_array(); });
}

void write(const Json& value, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    if (value.is_object() && !value.empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& item : value.items()) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            out += Json(item.key()).dump(-1, ' ', false, Json::error_handler_t::replace);
            out += ": ";
            write(item.value(), indent + 2, out);
        }
        out += '\n';
        out.append(static_cast<std::size_t>(indent), ' ');
        out += '}';
    } else if (value.is_array() && !value.empty() && !isFlat(value)) {
        out += "[\n";
        bool first = true;
        for (const Json& element : value) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            write(element, indent + 2, out);
        }
        out += '\n';
        out.append(static_cast<std::size_t>(indent), ' ');
        out += ']';
    } else {
        // Replace invalid UTF-8 rather than throw: names come from user files.
        std::string compact = value.dump(-1, ' ', false, Json::error_handler_t::replace);
        if (value.is_array()) {
            // Make a flat array readable: a space after each separating comma.
            std::string spaced;
            spaced.reserve(compact.size() + value.size());
            bool inString = false, escaped = false;
            for (char c : compact) {
                spaced += c;
                if (inString) {
                    if (escaped)
                        escaped = false;
                    else if (c == '\\')
                        escaped = true;
                    else if (c == '"')
                        inString = false;
                } else if (c == '"') {
                    inString = true;
                } else if (c == ',') {
                    spaced += ' ';
                }
            }
            compact = std::move(spaced);
        }
        out += compact;
    }
}

}  // namespace

std::string toJsonText(const Json& value) {
    std::string out;
    write(value, 0, out);
    return out;
}

}  // namespace moe
