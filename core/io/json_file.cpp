#include "core/io/json_file.h"

#include "core/util/quote_for_message.h"

#include "core/io/atomic_file.h"
#include "core/io/json_text.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <optional>
#include <streambuf>

#include <fcntl.h>
#include <unistd.h>

namespace moe {

std::string withoutExceptionTag(const std::string& what) {
    std::string s = what;
    if (s.rfind("[json.exception.", 0) == 0) {
        const std::size_t end = s.find("] ");
        if (end != std::string::npos) s.erase(0, end + 2);
    }
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    // The parser's "last read" quotes the file's bytes as they are.
    return visibleText(s);
}

namespace {

constexpr std::size_t kPieceBytes = std::size_t{1} << 16;

/// The bytes of an open file descriptor as a stream, read in pieces and never more than
/// `limit` of them: a larger file, regular or not (a pipe, /dev/zero), ends the stream
/// once the limit is passed, with over() set.
class BoundedFileBuffer final : public std::streambuf {
public:
    BoundedFileBuffer(int fd, std::uintmax_t limit) : m_fd(fd), m_limit(limit) {}
    ~BoundedFileBuffer() override { ::close(m_fd); }
    BoundedFileBuffer(const BoundedFileBuffer&) = delete;
    BoundedFileBuffer& operator=(const BoundedFileBuffer&) = delete;

    bool over() const { return m_over; }
    int error() const { return m_error; }
    std::uintmax_t bytesRead() const { return m_read; }

protected:
    int_type underflow() override {
        if (m_over || m_error != 0) return traits_type::eof();
        ssize_t n;
        do {
            n = ::read(m_fd, m_piece, sizeof m_piece);
        } while (n < 0 && errno == EINTR);
        if (n < 0) m_error = errno;
        if (n <= 0) return traits_type::eof();
        m_read += static_cast<std::uintmax_t>(n);
        if (m_read > m_limit) {
            m_over = true;
            return traits_type::eof();
        }
        setg(m_piece, m_piece, m_piece + n);
        return traits_type::to_int_type(m_piece[0]);
    }

private:
    int m_fd;
    std::uintmax_t m_limit;
    std::uintmax_t m_read = 0;
    bool m_over = false;
    int m_error = 0;
    char m_piece[kPieceBytes];
};

/// Thrown by the parse's callback when the tree would outgrow its budget.
struct TooDense {};

/// "<path>: cannot open: ..." for what is not there or is a directory; "too large" for a
/// regular file over the limit, known before reading a byte.
std::optional<std::string> checkBeforeReading(const std::string& path, const std::string& kind,
                                              std::uintmax_t maxBytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return visibleText(path) + ": cannot open: " + (ec ? ec.message() : std::string(std::strerror(ENOENT)));
    if (fs::is_directory(status)) return visibleText(path) + ": cannot open: is a directory";
    if (fs::is_regular_file(status)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        if (!ec && size > maxBytes) return tooLargeMessage(path, kind, maxBytes);
    }
    return std::nullopt;
}

}  // namespace

std::string tooLargeMessage(const std::string& path, const std::string& kind,
                            std::uintmax_t maxBytes) {
    return visibleText(path) + ": too large for a " + kind + " (over " + std::to_string(maxBytes >> 20) +
           " MiB)";
}

Result<std::string> readWholeFile(const std::string& path, const std::string& kind,
                                  std::uintmax_t maxBytes) {
    if (auto why = checkBeforeReading(path, kind, maxBytes)) return Error{*why};
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{visibleText(path) + ": cannot open: " + std::strerror(errno)};
    BoundedFileBuffer buffer(fd, maxBytes);
    std::string text;
    char piece[kPieceBytes];
    try {
        for (std::streamsize n; (n = buffer.sgetn(piece, sizeof piece)) > 0;)
            text.append(piece, static_cast<std::size_t>(n));
    } catch (const std::bad_alloc&) {
        return Error{visibleText(path) + ": out of memory while reading the " + kind};
    }
    if (buffer.over()) return Error{tooLargeMessage(path, kind, maxBytes)};
    if (buffer.error() != 0)
        return Error{visibleText(path) + ": cannot read: " + std::strerror(buffer.error())};
    return text;
}

Result<nlohmann::ordered_json> readJsonFile(const std::string& path, const std::string& kind,
                                            std::uintmax_t maxBytes) {
    if (auto why = checkBeforeReading(path, kind, maxBytes)) return Error{*why};
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{visibleText(path) + ": cannot open: " + std::strerror(errno)};

    BoundedFileBuffer buffer(fd, maxBytes);
    std::istream in(&buffer);
    // The tree's size as the parse builds it, counted generously (a slot in its container
    // with the container's spare capacity, a container's own block, long strings' bytes);
    // a file that would need more than kTreeBytesPerByte times its bytes (empty containers
    // nested or in rows) is refused as it is read.
    std::uintmax_t treeBytes = 0;
    const std::uintmax_t cap = kTreeBytesPerLimitByte * maxBytes;
    const auto budget = [&] {
        return std::min(kTreeBytesPerByte * buffer.bytesRead() + kTreeAllowanceBytes, cap);
    };
    const auto count = [&](int /*depth*/, nlohmann::ordered_json::parse_event_t event,
                           nlohmann::ordered_json& parsed) {
        using Event = nlohmann::ordered_json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                treeBytes += 2 * sizeof(nlohmann::ordered_json) + 64;
                break;
            case Event::key:
                treeBytes += 2 * (sizeof(std::string) + sizeof(nlohmann::ordered_json));
                if (parsed.is_string()) treeBytes += parsed.get_ref<const std::string&>().size();
                break;
            case Event::value:
                treeBytes += 2 * sizeof(nlohmann::ordered_json);
                if (parsed.is_string()) treeBytes += parsed.get_ref<const std::string&>().size();
                break;
            case Event::object_end:
            case Event::array_end:
                break;
        }
        if (treeBytes > budget()) throw TooDense{};
        return true;
    };
    const auto readSoFar = [&] {
        return " (after " + std::to_string(buffer.bytesRead() >> 20) + " MiB read)";
    };
    try {
        nlohmann::ordered_json doc = nlohmann::ordered_json::parse(in, count);
        if (buffer.over()) return Error{tooLargeMessage(path, kind, maxBytes)};
        if (buffer.error() != 0)
            return Error{visibleText(path) + ": cannot read: " + std::strerror(buffer.error())};
        return doc;
    } catch (const nlohmann::json::exception& e) {
        // A stream cut at the limit or by a read error ends in a parse error: say why.
        if (buffer.over()) return Error{tooLargeMessage(path, kind, maxBytes)};
        if (buffer.error() != 0)
            return Error{visibleText(path) + ": cannot read: " + std::strerror(buffer.error())};
        return Error{visibleText(path) + ": not valid JSON: " + withoutExceptionTag(e.what())};
    } catch (const TooDense&) {
        if (treeBytes > cap)
            return Error{visibleText(path) + ": too large for a " + kind + ": its JSON would need over " +
                         std::to_string(cap >> 20) + " MiB of memory" + readSoFar()};
        return Error{visibleText(path) + ": not a " + kind + ": its JSON would need over " +
                     std::to_string(kTreeBytesPerByte) + " bytes of memory per byte of text" +
                     readSoFar()};
    } catch (const std::bad_alloc&) {
        return Error{visibleText(path) + ": out of memory while reading the " + kind + readSoFar()};
    }
}

Status writeJsonFile(const std::string& path, const Result<nlohmann::ordered_json>& document) {
    if (!document) return Error{visibleText(path) + ": cannot save: " + document.error()};
    std::string text;
    try {
        text = toJsonText(document.value());
    } catch (const std::exception& e) {
        return Error{visibleText(path) + ": cannot save: " + withoutExceptionTag(e.what())};
    }
    text += '\n';
    return writeFileAtomically(path, text);
}

}  // namespace moe
