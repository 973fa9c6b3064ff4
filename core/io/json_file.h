#pragma once
// Intended usage: what every JSON file format in core/io shares (model files, session
// files): a file parsed as it is read, within a size limit; a document built or read
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

/// The JSON tree may take at most this many bytes per byte of the file read so far, plus
/// kTreeAllowanceBytes: every file we write needs under a third of it; rows of empty
/// containers ([[],[],...]) need more and are refused.
inline constexpr std::uintmax_t kTreeBytesPerByte = 16;
inline constexpr std::uintmax_t kTreeAllowanceBytes = std::uintmax_t{1} << 24;
/// ... and never more than this many bytes per byte of the file's limit, whatever was read:
/// a file of small numbers near the limit (1,1,1,...) is refused before its tree outgrows it.
inline constexpr std::uintmax_t kTreeBytesPerLimitByte = 3;

/// "<path>: too large for a <kind> (over N MiB)".
std::string tooLargeMessage(const std::string& path, const std::string& kind,
                            std::uintmax_t maxBytes);

/// The bytes of `path` (for a file parsed by other means), read in pieces and never more
/// than `maxBytes` of them, whatever the file is; the errors of readJsonFile below.
Result<std::string> readWholeFile(const std::string& path, const std::string& kind,
                                  std::uintmax_t maxBytes);

/// The JSON document in `path`, parsed as the file is read in 64 KiB pieces (the text is
/// never held whole): memory is the tree's (a small multiple of the file and at most
/// kTreeBytesPerLimitByte times `maxBytes`, as above) and time proportional to the bytes
/// read. Fails with one line naming the file:
/// "cannot open: ..." (missing, a directory), "too large for a <kind> (over N MiB)" as
/// soon as more than `maxBytes` are read, whatever the file is (regular, a pipe,
/// /dev/zero), "not valid JSON: <where and why>", "cannot read: ..." or "out of memory".
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
