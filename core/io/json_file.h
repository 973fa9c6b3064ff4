#pragma once
// Intended usage: what every JSON file format in core/io shares (model files, session
// files): the whole file into memory with a size limit and parsed; a document built or read
// with the throwing readers of json_fields.h turned into a Result; a document written
// atomically. Errors are one line; the file functions name the file.
//
//   Result<nlohmann::ordered_json> doc = readJsonFile(path, "session file", 1u << 30);
//   if (!doc) return Error{doc.error()};     // "run.json: not valid JSON: parse error at ..."
//   Result<Session> s = catchJsonErrors<Session>([&] { return readDocument(doc.value()); });
//   Status w = writeJsonFile(path, sessionToJson(session));

#include "core/io/json_fields.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <new>
#include <string>

namespace moe {

/// The bytes of `path`; fails with "<path>: cannot open: ..." or, when the file holds
/// more than `maxBytes`, "<path>: too large for a <kind> (over N MiB)".
Result<std::string> readWholeFile(const std::string& path, const std::string& kind,
                                  std::uintmax_t maxBytes);

/// readWholeFile() then the JSON parse: "<path>: not valid JSON: <where and why>".
Result<nlohmann::ordered_json> readJsonFile(const std::string& path, const std::string& kind,
                                            std::uintmax_t maxBytes);

/// "[json.exception.parse_error.101] parse error at line 1..." -> "parse error at line 1...",
/// on one line.
std::string withoutExceptionTag(const std::string& what);

/// `run()`'s value, or its JsonFieldError, JSON exception or bad_alloc as a one-line Error.
template <class T, class F>
Result<T> catchJsonErrors(F&& run) {
    try {
        return run();
    } catch (const JsonFieldError& e) {
        return Error{e.what()};
    } catch (const nlohmann::json::exception& e) {
        return Error{withoutExceptionTag(e.what())};
    } catch (const std::bad_alloc&) {
        return Error{"out of memory"};
    }
}

/// `document` as indented JSON text (json_text.h) plus a newline, written atomically
/// (atomic_file.h). A failed `document` or write: "<path>: cannot save: ..." and no file.
Status writeJsonFile(const std::string& path, const Result<nlohmann::ordered_json>& document);

}  // namespace moe
