#pragma once
// Intended usage: a trained MoE with everything needed to use it on new data - the
// configuration it was built from, the dataset's column and class names, and the input
// and target standardisation fitted on its training split. This is what a model file holds.
//
//   TrainedModel tm = experiment.trainedModel();
//   Predictions p = predict(tm, rawData);

#include "core/data/dataset.h"
#include "core/data/standardizer.h"
#include "core/model/moe_network.h"
#include "core/train/run_config.h"

#include <memory>
#include <string>
#include <vector>

namespace moe {

/// Regression targets are trained standardised: y_std = (y - mean) / scale.
struct TargetScaler {
    float mean = 0.0f;
    float scale = 1.0f;
};

struct TrainedModel {
    RunConfig config;
    std::string datasetName;
    Task task = Task::Classification;
    std::vector<std::string> featureNames;
    std::vector<std::string> classNames;   ///< empty for regression
    Standardizer inputScaler;
    TargetScaler targetScaler;
    std::shared_ptr<MoeNetwork> model;   ///< MoeModel (mixture) or BlockMoeModel (block)
};

}  // namespace moe
