#include "core/data/bundled_datasets.h"

#include "core/data/csv_reader.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef MOE_DATASETS_DIR
#define MOE_DATASETS_DIR ""
#endif
#ifndef MOE_DATASETS_INSTALL_DIR
#define MOE_DATASETS_INSTALL_DIR ""
#endif

namespace moe {
namespace {

namespace fs = std::filesystem;

/// The running executable's directory (Linux: /proc/self/exe), or empty.
fs::path executableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

bool holdsDatasets(const fs::path& dir) {
    std::error_code ec;
    return !dir.empty() && fs::is_regular_file(dir / "iris.csv", ec);
}

}  // namespace

const std::vector<BundledDatasetInfo>& bundledDatasets() {
    static const std::vector<BundledDatasetInfo> list{
        {"iris", "iris.csv", "species",
         "Fisher's iris flowers: 4 measurements in cm, 3 species (150 x 4)", Task::Classification,
         150, 4, 3, 0},
        {"wine", "wine.csv", "class",
         "Chemical analysis of wines from 3 cultivars: 13 measurements (178 x 13)",
         Task::Classification, 178, 13, 3, 0},
        {"digits", "digits.csv", "digit",
         "Handwritten digits as 8x8 images of pixel counts 0..16 (1797 x 64)", Task::Classification,
         1797, 64, 10, 0},
        {"diabetes", "diabetes.csv", "progression",
         "Disease progression after one year from 10 baseline measurements (442 x 10)",
         Task::Regression, 442, 10, 0, 10},
    };
    return list;
}

const BundledDatasetInfo* findBundledDataset(const std::string& name) {
    for (const BundledDatasetInfo& b : bundledDatasets())
        if (b.name == name) return &b;
    return nullptr;
}

std::vector<std::string> datasetSearchPath() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("MOE_DATASETS_DIR"); env != nullptr && *env != '\0')
        dirs.emplace_back(env);
    if (const fs::path exe = executableDir(); !exe.empty()) {
        dirs.push_back((exe.parent_path() / "share" / "moe-explorer" / "datasets").string());
        dirs.push_back((exe / "datasets").string());
    }
    if (*MOE_DATASETS_DIR != '\0') dirs.emplace_back(MOE_DATASETS_DIR);
    if (*MOE_DATASETS_INSTALL_DIR != '\0') dirs.emplace_back(MOE_DATASETS_INSTALL_DIR);
    return dirs;
}

Result<std::string> bundledDatasetsDir() {
    const std::vector<std::string> dirs = datasetSearchPath();
    for (const std::string& dir : dirs)
        if (holdsDatasets(dir)) return dir;
    std::string looked;
    for (const std::string& dir : dirs) looked += (looked.empty() ? "" : ", ") + dir;
    return Error{"the bundled datasets were not found (looked in: " + looked +
                 "); set MOE_DATASETS_DIR to the datasets directory"};
}

Result<Dataset> loadBundledDataset(const std::string& name) {
    const BundledDatasetInfo* info = findBundledDataset(name);
    if (!info) return Error{"unknown bundled dataset '" + name + "'"};
    Result<std::string> dir = bundledDatasetsDir();
    if (!dir) return Error{dir.error()};
    CsvOptions options;
    options.label = info->label;
    options.task = info->task;
    options.name = info->name;
    return readCsv((fs::path(dir.value()) / info->file).string(), options);
}

}  // namespace moe
