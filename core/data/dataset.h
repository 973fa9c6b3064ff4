#pragma once
// Intended usage: a Dataset is a plain value holding a table of samples. Generators and
// the CSV reader produce one; splitTrainTest() and Standardizer prepare it; the Trainer
// consumes it. It holds no Eigen types so that GUI code can include it cheaply.
//
//   Dataset d = generateDataset({.name = "spirals"}).value();
//   float x0 = d.feature(row, 0);

#include <cstddef>
#include <string>
#include <vector>

namespace moe {

enum class Task { Classification, Regression };

const char* taskName(Task task);

struct Dataset {
    std::string name;
    Task task = Task::Classification;
    std::size_t rows = 0;
    std::size_t cols = 0;
    /// rows x cols, row-major.
    std::vector<float> features;
    /// Classification: class index in [0, classNames.size()) per row. Empty for regression.
    std::vector<int> labels;
    /// Regression: target value per row. Empty for classification.
    std::vector<float> values;
    std::vector<std::string> featureNames;  ///< cols entries
    std::vector<std::string> classNames;    ///< one per class; empty for regression

    int classCount() const { return static_cast<int>(classNames.size()); }
    /// Width of the model output: the class count, or 1 for regression.
    int outputWidth() const { return task == Task::Classification ? classCount() : 1; }
    float feature(std::size_t row, std::size_t col) const { return features[row * cols + col]; }

    /// The rows named by `indices`, in that order (indices may repeat).
    Dataset subset(const std::vector<std::size_t>& indices) const;
};

}  // namespace moe
