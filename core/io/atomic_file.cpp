#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace moe {
namespace {

namespace fs = std::filesystem;

std::string systemReason(int error) { return std::strerror(error); }

// Writes all of `contents`, retrying short writes and interrupted calls; 0 or errno.
int writeAll(int fd, std::string_view contents) {
    const char* p = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return 0;
}

}  // namespace

Status writeFileAtomically(const std::string& path, std::string_view contents) {
    const auto fail = [&](const std::string& why) { return Error{path + ": cannot save: " + why}; };
    const fs::path target(path);
    if (path.empty() || !target.has_filename()) return fail("not a file name");

    std::error_code ec;
    if (fs::is_directory(target, ec)) return fail("is a directory");
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");

    std::string pattern = (directory / (target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
        return fail("cannot create a temporary file in " + directory.string() + ": " +
                    systemReason(errno));
    const std::string temporary(name.data());

    const auto abandon = [&](const std::string& why) {
        ::unlink(temporary.c_str());
        return fail(why);
    };

    // mkostemp creates the file 0600; keep the mode of the file being replaced, or use
    // the usual 0644 for a new one.
    struct stat existing {};
    const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0) {
        const int error = errno;
        ::close(fd);
        return abandon("cannot set the permissions of " + temporary + ": " + systemReason(error));
    }
    if (const int error = writeAll(fd, contents); error != 0) {
        ::close(fd);
        return abandon("cannot write " + temporary + ": " + systemReason(error));
    }
    // Some file systems cannot fsync (EINVAL); that is not a failed write.
    if (::fsync(fd) != 0 && errno != EINVAL) {
        const int error = errno;
        ::close(fd);
        return abandon("cannot flush " + temporary + ": " + systemReason(error));
    }
    if (::close(fd) != 0) return abandon("cannot close " + temporary + ": " + systemReason(errno));

    fs::rename(temporary, target, ec);
    if (ec) return abandon("cannot rename " + temporary + " to it: " + ec.message());
    return {};
}

}  // namespace moe
