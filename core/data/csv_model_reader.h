#pragma once
// Intended usage: read a CSV file of rows to apply a trained model to. The file's columns are
// matched to the model's features by name, so the file may hold them in any order, leave the
// label out (prediction) and carry other columns (ignored, with a note); a column the model
// one-hot encoded ("colour" for "colour=red", "colour=green") is read as categories and
// encoded the model's way, so a category missing from the file is simply all zeros.
//
//   Result<Dataset> d = readCsvForModel(path, model.featureNames, options, /*withLabel=*/false, &report);
//   // d->cols == model.featureNames.size(), the columns in the model's order
//
// A file without a header row is matched by position: it must hold exactly the model's
// features (plus the label with `withLabel`). Anything that does not fit fails with one line
// naming the file and what is missing or unexpected.

#include "core/data/csv_options.h"
#include "core/data/csv_reader.h"
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace moe {

/// `options.label` picks the label column when `withLabel` (default: the last); without
/// it, no column is the label and a column named by `options.label`, if given, is ignored.
/// options.roles, types and featuresOnly are set here; the other options apply as in readCsv().
Result<Dataset> readCsvForModel(const std::string& path, const std::vector<std::string>& modelFeatures,
                                CsvOptions options, bool withLabel, CsvReport* report = nullptr);

}  // namespace moe
