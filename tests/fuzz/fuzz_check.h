#pragma once
// Shared by the libFuzzer targets of tests/fuzz: each input is written to a file (the
// loaders read paths), and what the loader says about it is checked - a refusal must be one
// line of printable text naming the file, a loaded input must round-trip. A broken promise
// stops the run with abort(), which libFuzzer records as a finding with its input.
//
//   const std::string path = fuzz::writeInput(data, size, "model.json");
//   if (!loaded) fuzz::checkRefusal(loaded.error(), path);

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace fuzz {

/// Stops the run with `what` on stderr.
[[noreturn]] inline void broken(const std::string& what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
    std::abort();
}

/// Writes the input to "<TMPDIR or /tmp>/moe-fuzz-<pid>-<name>" and returns its path.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const char* name) {
    const char* dir = std::getenv("TMPDIR");
    const std::string path = std::string(dir && *dir ? dir : "/tmp") + "/moe-fuzz-" +
                             std::to_string(::getpid()) + "-" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) broken("cannot write " + path);
    if (size > 0 && std::fwrite(data, 1, size, f) != size) broken("cannot write " + path);
    std::fclose(f);
    return path;
}

/// A refusal: one line of printable text (no control character: data shown as escapes)
/// that names the file.
inline void checkRefusal(const std::string& message, const std::string& path) {
    if (message.empty()) broken("an empty message");
    for (char c : message)
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f')
            broken("a control character in the message: " + message);
    if (message.find(path) == std::string::npos)
        broken("the message does not name " + path + ": " + message);
}

/// The file reader's and the text reader's verdicts on the same bytes (a Result of each):
/// both refuse, each with a clean line naming the file, or both accept. True if accepted.
template <class Result>
bool checkBothReaders(const Result& fromFile, const Result& fromText, const std::string& path) {
    if (bool(fromFile) != bool(fromText))
        broken("the file reader and the text reader disagree: " + (fromFile ? fromText.error() : fromFile.error()));
    if (fromFile) return true;
    checkRefusal(fromFile.error(), path);
    checkRefusal(fromText.error(), path);
    return false;
}

/// Lower-case letters and digits in words joined by '-' (lesson and glossary ids).
inline bool isLowerCaseId(const std::string& id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; });
}

}  // namespace fuzz
