#include "core/io/atomic_file.h"

#include "core/util/quote_for_message.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

/// The temporary files of saves to `path` are named "<name>.tmp-" and six characters.
std::string temporaryPrefix(const fs::path& target) { return target.filename().string() + ".tmp-"; }

bool isTemporaryName(const std::string& name, const std::string& prefix) {
    if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0) return false;
    return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                       [](unsigned char c) { return std::isalnum(c) != 0; });
}

struct Temporary {
    int fd = -1;
    std::string name;
};

/// A new empty file beside `path`, named "<name>.tmp-XXXXXX", held under an exclusive
/// flock for as long as it is open, so another save can tell a live save's file from one
/// left by a killed process. A file unlinked by such a save between its creation and the
/// lock is made again.
Result<Temporary> createTemporary(const std::string& path) {
    const fs::path target(path);
    if (path.empty() || !target.has_filename()) return Error{"not a file name"};
    std::error_code ec;
    if (fs::is_directory(target, ec)) return Error{"is a directory"};
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string pattern = (directory / (temporaryPrefix(target) + "XXXXXX")).string();
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        const int fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd < 0)
            return Error{"cannot create a temporary file in " + visibleText(directory.string()) +
                         ": " + systemReason(errno)};
        struct stat own {};
        if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &own) == 0 && own.st_nlink > 0)
            return Temporary{fd, std::string(name.data())};
        ::close(fd);
    }
    return Error{"cannot create a temporary file in " + visibleText(directory.string())};
}

/// Removes the temporary files of earlier saves to `path` whose process is gone: ours by
/// name and owner, and not locked (a save in progress holds its lock; the kernel drops
/// the lock of a killed process). `own` is this save's file.
void removeStaleTemporaries(const std::string& path, const std::string& own) {
    const fs::path target(path);
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = temporaryPrefix(target);
    std::error_code ec;
    fs::directory_iterator it(directory, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path candidate = it->path();
        const std::string name = candidate.filename().string();
        if (!isTemporaryName(name, prefix) || candidate.string() == own) continue;
        const int fd = ::open(candidate.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0) continue;
        struct stat info {};
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
            ::flock(fd, LOCK_EX | LOCK_NB) == 0)
            ::unlink(candidate.c_str());
        ::close(fd);
    }
}

}  // namespace

Status checkCanSave(const std::string& path) {
    const auto fail = [&](const std::string& why) {
        return Error{visibleText(path) + ": cannot save: " + why};
    };
    Result<Temporary> probe = createTemporary(path);
    if (!probe) return fail(probe.error());
    const Temporary t = probe.value();
    struct statvfs space {};
    const bool full = ::fstatvfs(t.fd, &space) == 0 && space.f_bavail == 0;
    ::close(t.fd);
    ::unlink(t.name.c_str());
    if (full) return fail(systemReason(ENOSPC));
    return {};
}

Status writeFileAtomically(const std::string& path, std::string_view contents) {
    const auto fail = [&](const std::string& why) {
        return Error{visibleText(path) + ": cannot save: " + why};
    };
    Result<Temporary> created = createTemporary(path);
    if (!created) return fail(created.error());
    removeStaleTemporaries(path, created.value().name);
    const int fd = created.value().fd;
    const std::string temporary = created.value().name;
    const fs::path target(path);
    std::error_code ec;

    // The file stays open (and locked) until it has its final name: unlocked, another
    // save would take it for a killed one's.
    const auto abandon = [&](const std::string& why) {
        ::unlink(temporary.c_str());
        ::close(fd);
        return fail(why);
    };
    const std::string shown = visibleText(temporary);

    // mkostemp creates the file 0600; keep the mode of the file being replaced, or use
    // the usual 0644 for a new one.
    struct stat existing {};
    const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0)
        return abandon("cannot set the permissions of " + shown + ": " + systemReason(errno));
    if (const int error = writeAll(fd, contents); error != 0)
        return abandon("cannot write " + shown + ": " + systemReason(error));
    // Some file systems cannot fsync (EINVAL); that is not a failed write.
    if (::fsync(fd) != 0 && errno != EINVAL)
        return abandon("cannot flush " + shown + ": " + systemReason(errno));
    fs::rename(temporary, target, ec);
    if (ec) return abandon("cannot rename " + shown + " to it: " + ec.message());
    // Written, flushed and renamed: a failing close loses nothing.
    ::close(fd);
    return {};
}

}  // namespace moe
