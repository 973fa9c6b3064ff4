#include "app/cli/cli_common.h"

#include "core/data/bundled_datasets.h"
#include "core/data/csv_model_reader.h"
#include "core/data/csv_reader.h"
#include "core/data/generators.h"
#include "core/util/quote_for_message.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include <unistd.h>

namespace moe::cli {
namespace {

bool endsWithCsv(const std::string& s) {
    if (s.size() < 4) return false;
    std::string tail = s.substr(s.size() - 4);
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return tail == ".csv";
}

std::string builtinNames() {
    std::string names;
    for (const GeneratorInfo& g : builtinGenerators()) {
        if (!names.empty()) names += ", ";
        names += g.name;
    }
    return names;
}

std::string bundledNames() {
    std::string names;
    for (const BundledDatasetInfo& b : bundledDatasets()) {
        if (!names.empty()) names += ", ";
        names += b.name;
    }
    return names;
}

/// A file the CSV reader may open: regular, or a pipe or device given by name.
bool isFile(const std::string& path) {
    std::error_code ec;
    const std::filesystem::file_status status = std::filesystem::status(path, ec);
    return !ec && std::filesystem::exists(status) && !std::filesystem::is_directory(status);
}

bool isDirectory(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

/// What the program is working on, for the out-of-memory message.
std::string& currentWork() {
    static std::string work;
    return work;
}

/// "--data 'NAME' (R rows x C features)", once the data is loaded.
void noteLoaded(const std::string& source, const Dataset& data) {
    currentWork() = "working on --data " + quoteForMessage(source, 80) + " (" +
                    std::to_string(data.rows) + " rows x " + std::to_string(data.cols) +
                    " features)";
}

bool given(const CLI::Option* option) { return option && option->count() > 0; }

/// The generator options given for data that is not generated: a fixed table has the rows
/// it has, and taking a subset would quietly change what is trained and tested on. Empty
/// when none was given.
std::string generatorOnlyOptions(const DataOptions& o) {
    std::string names;
    const std::pair<const CLI::Option*, const char*> options[] = {{o.samplesOption, "--samples"},
                                                                  {o.noiseOption, "--noise"},
                                                                  {o.seedOption, "--data-seed"},
                                                                  {o.clustersOption, "--clusters"}};
    for (const auto& [option, name] : options)
        if (given(option)) names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

/// A bundled dataset: its label and task are fixed, and nothing is generated.
Result<Dataset> loadBundled(const DataOptions& o, const BundledDatasetInfo& info) {
    if (const std::string extra = generatorOnlyOptions(o); !extra.empty())
        return Error{extra + ": only for the built-in generators; '" + info.name + "' is a bundled dataset of " +
                     std::to_string(info.samples) + " rows, used whole"};
    if (given(o.labelOption))
        return Error{"--label: '" + info.name + "' is a bundled dataset; its label is '" +
                     info.label + "'"};
    if (given(o.taskOption) && o.task != taskName(info.task))
        return Error{"--task: '" + info.name + "' is a " + taskName(info.task) + " dataset"};
    return loadBundledDataset(info.name);
}

/// --label and --task for the CSV reader.
Result<CsvOptions> csvOptions(const DataOptions& o) {
    if (const std::string extra = generatorOnlyOptions(o); !extra.empty())
        return Error{extra + ": only for the built-in generators; a CSV file is used whole"};
    CsvOptions options;
    if (given(o.labelOption)) options.label = o.label;
    if (given(o.taskOption)) {
        if (o.task == "classification") {
            options.task = Task::Classification;
        } else if (o.task == "regression") {
            options.task = Task::Regression;
        } else {
            return Error{"--task: must be classification or regression, got '" + o.task + "'"};
        }
    }
    options.missingValues = o.missingValues;
    options.categoricalColumns = o.categoricalColumns;
    options.ignoredColumns = o.ignoredColumns;
    return options;
}

void printNotes(const std::string& source, const CsvReport& report) {
    for (const std::string& note : report.notes) std::cerr << "moe: " << source << ": " << note << '\n';
}

/// A CSV file: --label and --task go to the reader; its notes (rows dropped, columns
/// ignored) go to stderr. A bad file fails with "file:line:column: ...".
Result<Dataset> loadCsvFile(const DataOptions& o, DatasetSource* origin, std::vector<std::string>* importNotes) {
    Result<CsvOptions> options = csvOptions(o);
    if (!options) return Error{options.error()};
    CsvReport report;
    currentWork() = "reading --data " + quoteForMessage(o.source, 80);
    Result<Dataset> data = readCsv(o.source, options.value(), &report);
    if (!data) return data;
    noteLoaded(o.source, data.value());
    printNotes(o.source, report);
    if (origin) {
        *origin = DatasetSource::csvFile(o.source, options.value());
        origin->path = o.source;  // the report names the file as it was given on the command line
    }
    if (importNotes) *importNotes = report.notes;
    return data;
}

const char* taskText(Task task) {
    return task == Task::Classification ? "classification" : "regression";
}

// The generator checks its own limits ("samples must be between 10 and ..."); say which
// option that is, in the CLI's "--option: why" form.
std::string asOptionMessage(const std::string& message) {
    for (const char* option : {"samples", "noise", "clusters"}) {
        const std::string prefix = std::string(option) + " ";
        if (message.rfind(prefix, 0) == 0)
            return "--" + std::string(option) + ": " + message.substr(prefix.size());
    }
    return "--data: " + message;
}

}  // namespace

int fail(const std::string& message) {
    std::cerr << "moe: " << visibleText(message) << std::endl;
    return kExitBadInput;
}

std::string outOfMemoryMessage() {
    const std::string& work = currentWork();
    if (work.empty()) return "out of memory";
    return "out of memory while " + work +
           ": the data or the model (--hidden, --experts, --layers) is too large for the memory "
           "available";
}

CLI::Validator wholeNumber() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            std::uint64_t value = 0;
            const char* end = text.data() + text.size();
            const auto r = std::from_chars(text.data(), end, value);
            if (text.empty() || r.ec != std::errc{} || r.ptr != end)
                return "must be a whole number from 0 to 18446744073709551615, got " + text;
            return {};
        },
        "");
}

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void DataOptions::addTo(CLI::App& command, bool withCsvOptions) {
    command
        .add_option("--data", source,
                    "A built-in or bundled dataset (see 'moe datasets') or FILE.csv")
        ->required();
    samplesOption = command.add_option("--samples", samples, "Rows to generate (built-in generators only)")
                        ->capture_default_str();
    noiseOption = command.add_option("--noise", noise,
                                     "Noise of a built-in generator (default: the dataset's own)");
    seedOption = command.add_option("--data-seed", seed, "Seed of a built-in generator's points")
                     ->check(wholeNumber())
                     ->capture_default_str();
    clustersOption =
        command.add_option("--clusters", clusters, "blobs: number of clusters (= classes)")
            ->capture_default_str();
    if (withCsvOptions) {
        labelOption = command.add_option(
            "--label", label,
            "CSV: the target column, by name or 1-based number (-1: the last, the default)");
        taskOption = command.add_option(
            "--task", task, "CSV: classification or regression (default: inferred from the label)");
        csvOnlyOptions = {
            command.add_option("--missing", missingValues, "CSV: a cell text that means a missing value (repeatable)"),
            command.add_option("--categorical", categoricalColumns,
                               "CSV: read this column as categories even if its cells are numbers (repeatable)"),
            command.add_option("--ignore", ignoredColumns, "CSV: leave this column out (repeatable)")};
    }
}

Result<Dataset> loadDataset(const DataOptions& o, DatasetSource* origin, std::vector<std::string>* importNotes) {
    if (!isFile(o.source))
        for (const CLI::Option* option : o.csvOnlyOptions)
            if (option->count() > 0)
                return Error{option->get_name() + ": only applies to CSV files, '" + o.source + "' is not one"};
    const GeneratorInfo* info = findGenerator(o.source);
    if (!info) {
        if (const BundledDatasetInfo* bundled = findBundledDataset(o.source)) {
            if (origin) *origin = DatasetSource::bundled(bundled->name);
            Result<Dataset> data = loadBundled(o, *bundled);
            if (data) noteLoaded(o.source, data.value());
            return data;
        }
        if (isDirectory(o.source))
            return Error{"--data: " + quoteForMessage(o.source, 80) +
                         " is a directory, not a CSV file"};
        if (isFile(o.source)) return loadCsvFile(o, origin, importNotes);
        if (endsWithCsv(o.source)) return Error{"--data: no such file '" + o.source + "'"};
        return Error{"--data: unknown dataset '" + o.source + "' (built-in: " + builtinNames() +
                     "; bundled: " + bundledNames() + "; or FILE.csv)"};
    }
    if (o.labelOption && o.labelOption->count() > 0)
        return Error{"--label: only applies to CSV files, '" + o.source + "' is built in"};
    if (o.taskOption && o.taskOption->count() > 0 && o.task != taskText(info->task))
        return Error{"--task: '" + o.source + "' is a " + taskText(info->task) + " dataset"};
    if (o.clustersOption && o.clustersOption->count() > 0 && info->name != "blobs")
        return Error{"--clusters: only applies to blobs"};

    GeneratorParams params;
    params.name = info->name;
    params.samples = o.samples;
    params.noise = o.noiseOption && o.noiseOption->count() > 0 ? o.noise : info->defaultNoise;
    params.seed = o.seed;
    params.clusters = o.clusters;
    Result<Dataset> data = generateDataset(params);
    if (!data) return Error{asOptionMessage(data.error())};
    noteLoaded(o.source, data.value());
    if (origin) *origin = DatasetSource::generated(params);
    return data;
}

Result<Dataset> loadDatasetForModel(const DataOptions& o, const TrainedModel& model, bool needTargets) {
    const bool csvFile = !findGenerator(o.source) && !findBundledDataset(o.source) && isFile(o.source);
    if (!csvFile) {
        Result<Dataset> data = loadDataset(o);
        if (!data) return data;
        return fitDataToModel(std::move(data).value(), model, needTargets);
    }
    Result<CsvOptions> options = csvOptions(o);
    if (!options) return Error{options.error()};
    CsvReport report;
    currentWork() = "reading --data " + quoteForMessage(o.source, 80);
    Result<Dataset> data = readCsvForModel(o.source, model.featureNames, options.value(), needTargets, &report);
    if (!data) return data;
    noteLoaded(o.source, data.value());
    printNotes(o.source, report);
    return fitDataToModel(std::move(data).value(), model, needTargets);
}

Result<Dataset> fitDataToModel(Dataset data, const TrainedModel& model, bool needTargets) {
    // By name, as for a CSV file: the same number of columns is not the same features.
    if (data.featureNames != model.featureNames) {
        const auto joined = [](const std::vector<std::string>& names) {
            std::string out;
            for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
            return out;
        };
        std::vector<std::size_t> source;
        for (const std::string& f : model.featureNames) {
            const auto it = std::find(data.featureNames.begin(), data.featureNames.end(), f);
            if (it == data.featureNames.end())
                return Error{"--data: the model needs the feature '" + f + "', which '" + data.name +
                             "' does not have (its features: " + joined(data.featureNames) + ")"};
            source.push_back(static_cast<std::size_t>(it - data.featureNames.begin()));
        }
        std::vector<float> features(data.rows * source.size());
        for (std::size_t r = 0; r < data.rows; ++r)
            for (std::size_t j = 0; j < source.size(); ++j) features[r * source.size() + j] = data.feature(r, source[j]);
        data.features = std::move(features);
        data.cols = source.size();
        data.featureNames = model.featureNames;
    }
    if (!needTargets) return data;
    if (data.task != model.task)
        return Error{"--data: the model was trained for " + std::string(taskText(model.task)) +
                     ", '" + data.name + "' is a " + taskText(data.task) + " dataset"};
    if (data.task == Task::Regression || data.classNames == model.classNames) return data;

    // Same classes in another order (or a subset of them): renumber by name.
    std::map<std::string, int> modelIndex;
    for (std::size_t i = 0; i < model.classNames.size(); ++i)
        modelIndex[model.classNames[i]] = static_cast<int>(i);
    std::vector<int> toModel(data.classNames.size());
    for (std::size_t c = 0; c < data.classNames.size(); ++c) {
        const auto it = modelIndex.find(data.classNames[c]);
        if (it == modelIndex.end())
            return Error{"--data: class '" + data.classNames[c] + "' of '" + data.name +
                         "' is not one the model knows"};
        toModel[c] = it->second;
    }
    for (int& label : data.labels) label = toModel[static_cast<std::size_t>(label)];
    data.classNames = model.classNames;
    return data;
}

std::string formatFloat(float value) {
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    return r.ec == std::errc{} ? std::string(buffer, r.ptr) : std::string("nan");
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

}  // namespace moe::cli
