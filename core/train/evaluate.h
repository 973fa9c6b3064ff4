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

/// An expert that processed a row at one MoE layer, and its combine weight.
struct RoutedExpert {
    int expert = 0;
    float weight = 0.0f;
    bool operator==(const RoutedExpert&) const = default;
};

struct Predictions {
    Task task = Task::Classification;
    std::vector<int> predictedClass;     ///< classification, one per row
    Matrix classProbabilities;           ///< classification: rows x classes
    std::vector<float> predictedValue;   ///< regression, original units
    /// Per MoE layer, rows x E: the router's distribution over the experts (Routing::probs:
    /// the softmax p for the softmax routers, s / sum s for sigmoid-bias, 1/E for hash).
    std::vector<Matrix> gateProbabilities;
    /// Per MoE layer, per row: the experts that really processed the row - after routing and
    /// capacity, in the router's order (best first), each with its combine weight; empty when
    /// capacity dropped every assignment of the row. What the gate inspector shows as kept.
    std::vector<std::vector<std::vector<RoutedExpert>>> routed;
};

/// Applies the model's input standardisation to a copy of `rawData` (whose columns must
/// match the model's features) and predicts every row, all rows as one batch (so capacity
/// and expert choice see the file's rows, as the evaluation sees the test split).
Predictions predict(const TrainedModel& model, const Dataset& rawData);

}  // namespace moe
