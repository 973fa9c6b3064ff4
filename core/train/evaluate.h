#pragma once
// Intended usage: score a model on a whole split, and turn a routing decision into the
// routing metrics of moe-spec section 5. Used by the Experiment every epoch and by
// `moe eval` / `moe predict` on a loaded model.
//
//   ModelMetrics m = evaluateModel(model, standardisedTest, targetScaler);
//   RoutingStats r = routingStats(moeModel.routing());   // of that same forward
//   Predictions p = predict(trainedModel, rawData);

#include "core/data/dataset.h"
#include "core/model/model.h"
#include "core/model/router.h"
#include "core/train/snapshot.h"
#include "core/train/trained_model.h"

#include <vector>

namespace moe {

/// Copies the features of `data` into X (rows x cols).
void toMatrix(const Dataset& data, Matrix& X);

/// One Inference forward over all of `data` (already standardised). Fills testLoss and
/// testAccuracy, or testLoss (standardised units), testMse (original units) and testR2.
ModelMetrics evaluateModel(Model& model, const Dataset& data, const TargetScaler& targetScaler);

/// The routing metrics of one routing decision (after capacity where it matters).
/// aux weights are not applied: balanceLoss and zLoss are the unweighted L/alpha and L/beta.
/// With `labels` (one class index per routed sample) and `classes` > 0 it also fills the
/// class x expert matrix and its normalised mutual information.
RoutingStats routingStats(const Routing& routing, const int* labels = nullptr, int classes = 0);

struct Predictions {
    Task task = Task::Classification;
    std::vector<int> predictedClass;     ///< classification, one per row
    Matrix classProbabilities;           ///< classification: rows x classes
    std::vector<float> predictedValue;   ///< regression, original units
    Matrix gateProbabilities;            ///< rows x E, softmax of the gate
    std::vector<int> topExpert;          ///< argmax of the gate per row
};

/// Applies the model's input standardisation to a copy of `rawData` (whose columns must
/// match the model's features) and predicts every row.
Predictions predict(const TrainedModel& model, const Dataset& rawData);

}  // namespace moe
