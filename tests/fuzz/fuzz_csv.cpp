// libFuzzer target: bytes as a CSV file with import options. The first 4 bytes choose the
// options (delimiter, header, decimal separator, task, missing-value policy, label); the
// rest is the file. A refused file gives one printable line naming it; a loaded dataset
// keeps the Dataset's invariants (sizes, finite features, labels within the classes,
// one name per feature) and reading it again gives the same dataset bit for bit.
#include "tests/fuzz/fuzz_check.h"

#include "core/data/csv_reader.h"

#include <cmath>

namespace {

moe::CsvOptions optionsFrom(const std::uint8_t* b) {
    moe::CsvOptions o;
    constexpr char kDelimiters[] = {0, ',', ';', '\t', '|', ' '};
    o.delimiter = kDelimiters[b[0] % sizeof kDelimiters];
    o.header = static_cast<moe::CsvHeader>(b[1] % 3);
    o.decimal = static_cast<moe::CsvDecimal>((b[1] / 3) % 3);
    if (b[2] % 3 == 1) o.task = moe::Task::Classification;
    if (b[2] % 3 == 2) o.task = moe::Task::Regression;
    o.missing = static_cast<moe::MissingPolicy>((b[2] / 3) % 3);
    constexpr const char* kLabels[] = {"", "1", "2", "-1", "label", "y"};
    o.label = kLabels[b[3] % 6];
    o.inferenceRows = 1 + b[3] / 6 % 40;
    return o;
}

void checkInvariants(const moe::Dataset& d) {
    if (d.features.size() != d.rows * d.cols) fuzz::broken("features are not rows x cols");
    if (d.featureNames.size() != d.cols) fuzz::broken("not one name per feature");
    for (float v : d.features)
        if (!std::isfinite(v)) fuzz::broken("a non-finite feature");
    if (d.task == moe::Task::Classification) {
        if (d.labels.size() != d.rows) fuzz::broken("not one label per row");
        for (int l : d.labels)
            if (l < 0 || l >= d.classCount()) fuzz::broken("a label outside the classes");
    } else {
        if (d.values.size() != d.rows) fuzz::broken("not one value per row");
        for (float v : d.values)
            if (!std::isfinite(v)) fuzz::broken("a non-finite target");
    }
}

bool same(const moe::Dataset& a, const moe::Dataset& b) {
    return a.rows == b.rows && a.cols == b.cols && a.task == b.task && a.features == b.features &&
           a.labels == b.labels && a.values == b.values && a.featureNames == b.featureNames &&
           a.classNames == b.classNames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    const moe::CsvOptions options = optionsFrom(data);
    const std::string path = fuzz::writeInput(data + 4, size - 4, "data.csv");
    moe::Result<moe::Dataset> loaded = moe::readCsv(path, options);
    if (!loaded) {
        fuzz::checkRefusal(loaded.error(), path);
        return 0;
    }
    checkInvariants(loaded.value());
    moe::Result<moe::Dataset> again = moe::readCsv(path, options);
    if (!again || !same(loaded.value(), again.value())) fuzz::broken("a second read differs");
    return 0;
}
