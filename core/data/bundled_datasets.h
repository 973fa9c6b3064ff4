#pragma once
// Intended usage: the real datasets shipped as CSV files in datasets/ (iris, wine, digits,
// diabetes; see datasets/README.md), listed and loaded by name like the built-in
// generators.
//
//   for (const BundledDatasetInfo& b : bundledDatasets()) std::cout << b.name << '\n';
//   if (findBundledDataset("digits")) Result<Dataset> d = loadBundledDataset("digits");
//
// Where the files are found, first match wins (a directory counts when it holds iris.csv):
//   1. $MOE_DATASETS_DIR, when set (tests, relocated installs);
//   2. next to the executable: <exe dir>/../share/moe-explorer/datasets (an installed
//      tree), then <exe dir>/datasets (an unpacked bundle);
//   3. the source tree's datasets/ (compile definition MOE_DATASETS_DIR), so every build
//      directory works without installing;
//   4. the install location, <prefix>/share/moe-explorer/datasets (compile definition
//      MOE_DATASETS_INSTALL_DIR), where `cmake --install` puts them.

#include "core/data/dataset.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace moe {

struct BundledDatasetInfo {
    std::string name;         ///< what --data takes: "digits"
    std::string file;         ///< file name in the datasets directory: "digits.csv"
    std::string label;        ///< the label column's name
    std::string description;  ///< one sentence for tooltips and `moe datasets`
    Task task;
    int samples;
    int features;
    int classes;  ///< 0 for regression
    /// Epochs `moe train` uses when --epochs is not given; 0 = the general default. Set where
    /// the general default overfits: diabetes has 354 noisy training rows, and after 200
    /// epochs every model has learnt its noise (MoE test R^2 about 0, dense about 0.2).
    int epochs;
};

/// In display order.
const std::vector<BundledDatasetInfo>& bundledDatasets();

/// Nullptr when `name` is not a bundled dataset.
const BundledDatasetInfo* findBundledDataset(const std::string& name);

/// The directories searched, in order (see above); some may not exist.
std::vector<std::string> datasetSearchPath();

/// The first directory of datasetSearchPath() that holds the bundled files, or an error
/// listing where it looked.
Result<std::string> bundledDatasetsDir();

/// Reads the named dataset through the CSV reader; fails on an unknown name or when the
/// files are not found.
Result<Dataset> loadBundledDataset(const std::string& name);

}  // namespace moe
