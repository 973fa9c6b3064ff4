#pragma once
// Intended usage: where a Dataset came from, as a plain value, so that a report (or anything
// else that must say or redo it) can name it: a built-in generator with its parameters, a
// bundled real dataset by name, or a CSV file with the options it was imported with and
// what the import did.
//
//   DataOrigin o;
//   o.kind = DataOrigin::Kind::File;
//   o.path = "/data/iris.csv";
//   o.csv.label = "Species";
//   o.notes = {"2 rows with a missing cell dropped"};

#include "core/data/csv_options.h"
#include "core/data/generators.h"

#include <string>
#include <vector>

namespace moe {

struct DataOrigin {
    enum class Kind { Generated, Bundled, File };

    Kind kind = Kind::Generated;
    GeneratorParams generator;       ///< Generated: the generator's name and parameters
    std::string bundled;             ///< Bundled: its name, as `moe datasets` lists it ("digits")
    std::string path;                ///< File: the file as it was opened
    CsvOptions csv;                  ///< File: the import options
    std::vector<std::string> notes;  ///< File: what the import did (rows dropped, columns ignored)
};

}  // namespace moe
