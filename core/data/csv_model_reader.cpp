#include "core/data/csv_model_reader.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace moe {
namespace {

std::string listed(const std::vector<std::string>& names, std::size_t most = 12) {
    std::string out;
    for (std::size_t i = 0; i < std::min(names.size(), most); ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > most) out += ", ...";
    return out;
}

bool isCategorySource(const std::string& column, const std::string& feature) {
    return feature.size() > column.size() + 1 && feature.compare(0, column.size(), column) == 0 &&
           feature[column.size()] == '=';
}

}  // namespace

Result<Dataset> readCsvForModel(const std::string& path, const std::vector<std::string>& modelFeatures,
                                CsvOptions options, bool withLabel, CsvReport* report) {
    options.roles.clear();
    options.types.clear();
    options.featuresOnly = !withLabel;
    Result<CsvPreview> preview = previewCsv(path, options, 0);
    if (!preview) return Error{preview.error()};
    const CsvPreview& p = preview.value();
    const std::size_t columns = p.columns.size();
    std::vector<std::string> names;
    for (const CsvColumnPreview& c : p.columns) names.push_back(c.name);
    const std::size_t label = withLabel ? p.labelColumn : columns;
    std::size_t ignoredByOption = columns;
    if (!withLabel && !options.label.empty()) {
        const auto it = std::find(names.begin(), names.end(), options.label);
        if (it == names.end())
            return Error{path + ": no column named '" + options.label + "'; the columns are: " + listed(names)};
        ignoredByOption = static_cast<std::size_t>(it - names.begin());
    }

    std::vector<ColumnRole> roles(columns, ColumnRole::Ignore);
    std::vector<ColumnType> types(columns, ColumnType::Auto);
    std::vector<std::string> notes;
    if (label < columns) roles[label] = ColumnRole::Label;
    if (!p.hasHeader) {
        // No names to match: the columns are the model's features in order.
        const std::size_t given = columns - (label < columns ? 1 : 0);
        if (given != modelFeatures.size())
            return Error{path + ": the file has no header row, so its columns are taken in order: the model needs " +
                         std::to_string(modelFeatures.size()) + " feature columns (" + listed(modelFeatures) +
                         "), the file has " + std::to_string(given) + (withLabel ? " besides the label" : "")};
        for (std::size_t c = 0; c < columns; ++c)
            if (c != label) roles[c] = ColumnRole::Feature, types[c] = ColumnType::Numeric;
    } else {
        std::vector<std::string> ignored;
        for (std::size_t c = 0; c < columns; ++c) {
            if (c == label) continue;
            const std::string& name = names[c];
            if (c == ignoredByOption) {
                ignored.push_back(name);
            } else if (std::find(modelFeatures.begin(), modelFeatures.end(), name) != modelFeatures.end()) {
                roles[c] = ColumnRole::Feature;
                types[c] = ColumnType::Numeric;
            } else if (std::any_of(modelFeatures.begin(), modelFeatures.end(),
                                   [&](const std::string& f) { return isCategorySource(name, f); })) {
                roles[c] = ColumnRole::Feature;
                types[c] = ColumnType::Categorical;
            } else {
                ignored.push_back(name);
            }
        }
        std::vector<std::string> missing;
        for (const std::string& f : modelFeatures) {
            bool found = false;
            for (std::size_t c = 0; c < columns && !found; ++c)
                found = roles[c] == ColumnRole::Feature &&
                        (types[c] == ColumnType::Numeric ? names[c] == f : isCategorySource(names[c], f));
            if (!found) missing.push_back(f);
        }
        if (!missing.empty())
            return Error{path + ": the model needs the feature column" + (missing.size() > 1 ? "s " : " ") +
                         listed(missing) + ", which the file does not have (its columns: " + listed(names) + ")"};
        if (!ignored.empty())
            notes.push_back("column" + std::string(ignored.size() > 1 ? "s " : " ") + listed(ignored) +
                            (ignored.size() > 1 ? " are" : " is") + " not among the model's features: ignored");
    }

    options.roles = roles;
    options.types = types;
    CsvReport read;
    Result<Dataset> loaded = readCsv(path, options, &read);
    if (!loaded) return loaded;
    Dataset data = std::move(loaded).value();

    // The model's columns, in its order: a category the file lacks is all zeros; one the
    // model never saw cannot be encoded.
    std::unordered_map<std::string, std::size_t> fileIndex;
    for (std::size_t j = 0; j < data.featureNames.size(); ++j) fileIndex.emplace(data.featureNames[j], j);
    const std::set<std::string> known(modelFeatures.begin(), modelFeatures.end());
    if (p.hasHeader) {
        for (const std::string& f : data.featureNames) {
            if (known.count(f) > 0) continue;
            const std::size_t eq = f.find('=');
            return Error{path + ": column '" + f.substr(0, eq) + "' holds '" + f.substr(eq + 1) +
                         "', a category the model was not trained on"};
        }
    }
    std::vector<std::ptrdiff_t> source(modelFeatures.size(), -1);
    for (std::size_t j = 0; j < modelFeatures.size(); ++j) {
        const auto it = fileIndex.find(modelFeatures[j]);
        if (it != fileIndex.end()) {
            source[j] = static_cast<std::ptrdiff_t>(it->second);
        } else if (!p.hasHeader) {
            source[j] = static_cast<std::ptrdiff_t>(j);
        } else if (modelFeatures[j].find('=') == std::string::npos) {
            // Read as a number but left out by the reader: a column without any value.
            return Error{path + ": column '" + modelFeatures[j] + "' has no values"};
        }
    }
    if (!p.hasHeader && data.cols != modelFeatures.size())
        return Error{path + ": the model needs " + std::to_string(modelFeatures.size()) + " feature columns, " +
                     std::to_string(data.cols) + " could be read"};
    std::vector<float> features(data.rows * modelFeatures.size(), 0.0f);
    for (std::size_t r = 0; r < data.rows; ++r)
        for (std::size_t j = 0; j < modelFeatures.size(); ++j)
            if (source[j] >= 0) features[r * modelFeatures.size() + j] = data.feature(r, static_cast<std::size_t>(source[j]));
    data.features = std::move(features);
    data.cols = modelFeatures.size();
    data.featureNames = modelFeatures;

    if (report) {
        *report = read;
        report->notes.insert(report->notes.begin(), notes.begin(), notes.end());
    }
    return data;
}

}  // namespace moe
