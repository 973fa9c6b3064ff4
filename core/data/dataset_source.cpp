#include "core/data/dataset_source.h"

#include "core/data/bundled_datasets.h"
#include "core/data/csv_reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

namespace moe {
namespace {

// FNV-1a, 64 bits: offset basis and prime.
constexpr std::uint64_t kFnvBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= kFnvPrime;
    }
    return h;
}

std::string hashText(std::uint64_t h) {
    char text[32];
    std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
    return text;
}

/// contentHash() of the file at `path`, read in 1 MiB pieces (a data file may be large).
Result<std::string> fileContentHash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t h = kFnvBasis;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        h = fnv1a(h, std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return Error{path + ": cannot read: " + std::strerror(errno)};
    return hashText(h);
}

}  // namespace

DatasetSource DatasetSource::generated(const GeneratorParams& params) {
    DatasetSource s;
    s.kind = Kind::Generator;
    s.generator = params;
    return s;
}

DatasetSource DatasetSource::bundled(const std::string& name) {
    DatasetSource s;
    s.kind = Kind::Bundled;
    s.bundledName = name;
    return s;
}

DatasetSource DatasetSource::csvFile(const std::string& path, const CsvOptions& options) {
    DatasetSource s;
    s.kind = Kind::CsvFile;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    s.path = ec ? path : absolute.lexically_normal().string();
    s.csv = options;
    s.csv.featuresOnly = false;
    return s;
}

Status DatasetSource::hashFile() {
    Result<std::string> hash = fileContentHash(path);
    if (!hash) return Error{hash.error()};
    contentHash = std::move(hash).value();
    return {};
}

std::string describeGenerator(const GeneratorParams& params) {
    std::array<char, 32> noise{};
    const auto written = std::to_chars(noise.data(), noise.data() + noise.size(), params.noise,
                                       std::chars_format::general, 4);
    std::string text = std::to_string(params.samples) + " samples, noise " +
                       std::string(noise.data(), written.ptr) + ", seed " + std::to_string(params.seed);
    if (params.name == "blobs") text += ", " + std::to_string(params.clusters) + " clusters";
    return text;
}

std::vector<std::string> describeCsvOptions(const CsvOptions& c) {
    std::vector<std::string> phrases;
    switch (c.delimiter) {
    case 0: phrases.push_back("delimiter detected"); break;
    case '\t': phrases.push_back("delimiter tab"); break;
    case ' ': phrases.push_back("delimiter space"); break;
    default: phrases.push_back("delimiter “" + std::string(1, c.delimiter) + "”"); break;
    }
    phrases.push_back(c.header == CsvHeader::Detect    ? "header row detected"
                      : c.header == CsvHeader::Present ? "first row is the header"
                                                       : "no header row");
    phrases.push_back(c.decimal == CsvDecimal::Detect  ? "decimal mark detected"
                      : c.decimal == CsvDecimal::Point ? "decimal point"
                                                       : "decimal comma");
    if (!c.roles.empty()) {
        const auto ignored = std::count(c.roles.begin(), c.roles.end(), ColumnRole::Ignore);
        phrases.push_back("columns chosen by hand (" + std::to_string(ignored) + " ignored)");
    } else {
        phrases.push_back(c.label.empty() ? "label: the last column" : "label column “" + c.label + "”");
    }
    const auto typed =
        std::count_if(c.types.begin(), c.types.end(), [](ColumnType t) { return t != ColumnType::Auto; });
    if (typed > 0) phrases.push_back(std::to_string(typed) + " column type(s) set by hand");
    phrases.push_back(!c.task                          ? "task inferred"
                      : *c.task == Task::Regression ? "task: regression"
                                                       : "task: classification");
    phrases.push_back(c.missing == MissingPolicy::DropRows   ? "rows with a missing cell dropped"
                      : c.missing == MissingPolicy::FillMean ? "missing cells filled with the column mean"
                                                             : "a missing cell is an error");
    return phrases;
}

std::string contentHash(std::string_view bytes) { return hashText(fnv1a(kFnvBasis, bytes)); }

Result<LoadedDataset> loadDatasetSource(const DatasetSource& source, const std::string& sessionDir) {
    LoadedDataset out;
    switch (source.kind) {
    case DatasetSource::Kind::Generator: {
        Result<Dataset> d = generateDataset(source.generator);
        if (!d) return Error{d.error()};
        out.data = std::move(d).value();
        return out;
    }
    case DatasetSource::Kind::Bundled: {
        Result<Dataset> d = loadBundledDataset(source.bundledName);
        if (!d) return Error{d.error()};
        out.data = std::move(d).value();
        return out;
    }
    case DatasetSource::Kind::CsvFile: break;
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    out.path = source.path;
    if (!fs::exists(out.path, ec) && !sessionDir.empty()) {
        const fs::path nearby = fs::path(sessionDir) / fs::path(source.path).filename();
        if (fs::exists(nearby, ec)) out.path = nearby.string();
    }
    if (!fs::exists(out.path, ec))
        return Error{source.path + ": the session's data file is missing (not there" +
                     (sessionDir.empty() ? std::string(")") : std::string(" nor next to the session file)"))};
    Result<std::string> hash = fileContentHash(out.path);
    if (!hash) return Error{hash.error()};
    if (!source.contentHash.empty() && hash.value() != source.contentHash)
        return Error{out.path +
                     ": has changed since the session was saved (its contents differ), so the saved model "
                     "no longer fits it; open the file again to train on the new contents"};
    CsvOptions options = source.csv;
    options.featuresOnly = false;
    CsvReport report;
    Result<Dataset> d = readCsv(out.path, options, &report);
    if (!d) return Error{d.error()};
    out.data = std::move(d).value();
    out.notes = report.notes;
    return out;
}

}  // namespace moe
