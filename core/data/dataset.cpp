#include "core/data/dataset.h"

#include <cassert>

namespace moe {

const char* taskName(Task task) {
    switch (task) {
        case Task::Classification:
            return "classification";
        case Task::Regression:
            return "regression";
    }
    return "?";
}

Dataset Dataset::subset(const std::vector<std::size_t>& indices) const {
    Dataset out;
    out.name = name;
    out.task = task;
    out.rows = indices.size();
    out.cols = cols;
    out.featureNames = featureNames;
    out.classNames = classNames;
    out.features.reserve(indices.size() * cols);
    // A dataset carries labels or values, never both; copy whichever this one has.
    if (!labels.empty()) out.labels.reserve(indices.size());
    if (!values.empty()) out.values.reserve(indices.size());
    for (std::size_t row : indices) {
        assert(row < rows);
        const auto first = features.begin() + static_cast<std::ptrdiff_t>(row * cols);
        out.features.insert(out.features.end(), first, first + static_cast<std::ptrdiff_t>(cols));
        if (!labels.empty()) out.labels.push_back(labels[row]);
        if (!values.empty()) out.values.push_back(values[row]);
    }
    return out;
}

}  // namespace moe
