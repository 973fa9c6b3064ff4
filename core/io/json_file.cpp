#include "core/io/json_file.h"

#include "core/io/atomic_file.h"
#include "core/io/json_text.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace moe {

std::string withoutExceptionTag(const std::string& what) {
    std::string s = what;
    if (s.rfind("[json.exception.", 0) == 0) {
        const std::size_t end = s.find("] ");
        if (end != std::string::npos) s.erase(0, end + 2);
    }
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

Result<std::string> readWholeFile(const std::string& path, const std::string& kind,
                                  std::uintmax_t maxBytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return Error{path +
                     ": cannot open: " + (ec ? ec.message() : std::string(std::strerror(ENOENT)))};
    if (fs::is_directory(status)) return Error{path + ": cannot open: is a directory"};
    if (fs::is_regular_file(status)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        if (!ec && size > maxBytes)
            return Error{path + ": too large for a " + kind + " (over " +
                         std::to_string(maxBytes >> 20) + " MiB)"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Error{path + ": cannot read: " + std::strerror(errno)};
    return text.str();
}

Result<nlohmann::ordered_json> readJsonFile(const std::string& path, const std::string& kind,
                                            std::uintmax_t maxBytes) {
    Result<std::string> text = readWholeFile(path, kind, maxBytes);
    if (!text) return Error{text.error()};
    try {
        return nlohmann::ordered_json::parse(text.value());
    } catch (const nlohmann::json::exception& e) {
        return Error{path + ": not valid JSON: " + withoutExceptionTag(e.what())};
    } catch (const std::bad_alloc&) {
        return Error{path + ": out of memory while reading"};
    }
}

Status writeJsonFile(const std::string& path, const Result<nlohmann::ordered_json>& document) {
    if (!document) return Error{path + ": cannot save: " + document.error()};
    std::string text;
    try {
        text = toJsonText(document.value());
    } catch (const std::exception& e) {
        return Error{path + ": cannot save: " + withoutExceptionTag(e.what())};
    }
    text += '\n';
    return writeFileAtomically(path, text);
}

}  // namespace moe
