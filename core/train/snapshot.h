#pragma once
// Intended usage: the values a training run reports, copied out of the worker so a viewer
// never touches the models while they train. Plain structs of standard types: cheap to
// include anywhere, safe to pass across threads.

#include "core/data/feature_plane.h"

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

namespace moe {

inline constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();

/// Metrics of one model at the end of an epoch. Classification fills accuracy;
/// regression fills r2 and mse; the other fields stay NaN.
struct ModelMetrics {
    double trainLoss = kNotApplicable;   ///< mean task loss over the epoch's batches
    double testLoss = kNotApplicable;    ///< task loss on the whole test split
    double testAccuracy = kNotApplicable;
    double testR2 = kNotApplicable;
    double testMse = kNotApplicable;
    double trainSeconds = 0.0;           ///< cumulative wall time spent training this model
    /// The same scores on the validation split (carved from the training split), which
    /// picks the epoch whose weights are kept; NaN without a validation split.
    double validationLoss = kNotApplicable;
    double validationAccuracy = kNotApplicable;
    double validationR2 = kNotApplicable;
    /// The epoch whose weights these scores are of: in an epoch's history entry the best
    /// epoch so far; in the final snapshot the one kept (the best validation loss, or the
    /// last epoch without early stopping). -1 when not known (files from before it was kept).
    int bestEpoch = -1;
    bool stoppedEarly = false;           ///< stopped by patience before the planned epochs
    bool diverged = false;               ///< training hit a non-finite loss, gradient or weight
};

/// Routing statistics of one MoE layer on the test split (moe-spec section 5). Loads are
/// after capacity unless named "before".
struct RoutingStats {
    std::vector<double> expertLoad;      ///< E load fractions f_i, summing to 1
    std::vector<double> expertLoadBefore;  ///< E load fractions before capacity
    std::vector<int> expertCount;        ///< E kept assignments per expert
    std::vector<double> meanGate;        ///< E: mean gate probability P_i
    double loadCv = 0.0;                 ///< std / mean of the loads, population variance
    double loadCvBefore = 0.0;           ///< the same before capacity
    double maxViolation = 0.0;           ///< (max load - mean load) / mean load
    double usageEntropy = 0.0;           ///< -sum f ln f / ln E, 1 = balanced
    double gateEntropy = 0.0;            ///< mean per-sample H(p) / ln E
    double routerConfidence = 0.0;       ///< mean combine weight of the kept assignments
    double droppedFraction = 0.0;        ///< 1 - kept / assigned
    double samplesLeftBehind = 0.0;      ///< share of samples with no kept expert
    double expertsPerSample = 0.0;       ///< mean number of experts a sample used (kept)
    std::vector<double> expertsPerSampleHistogram;  ///< E + 1 shares: samples using 0..E experts
    /// Specialisation, classification only: classes x E, share of class c's kept
    /// assignments that went to expert e (rows sum to 1, or 0 for an absent class).
    std::vector<std::vector<double>> classExpert;
    double classExpertNmi = kNotApplicable;  ///< I(class; expert) / H(class)
    std::vector<int> deadExperts;        ///< experts with no assignment over the last training epoch
    double balanceLoss = 0.0;            ///< L_bal / alpha on the test split (1 = balanced)
    double zLoss = 0.0;                  ///< L_z / beta on the test split
};

struct EpochSnapshot {
    int epoch = 0;                       ///< epochs completed, 1-based after the first
    int epochs = 0;                      ///< epochs planned
    double elapsedSeconds = 0.0;         ///< wall time of the run so far
    ModelMetrics moe;
    ModelMetrics denseEqualParams;
    ModelMetrics denseEqualCompute;
    RoutingStats routing;                ///< the first (or only) MoE layer
    std::vector<RoutingStats> layers;    ///< every MoE layer, in order (block mode: --layers)
};

/// Throttled progress inside an epoch.
struct BatchProgress {
    int epoch = 0;                       ///< 0-based epoch being trained
    int batch = 0;                       ///< batches done in this epoch
    int batchesPerEpoch = 0;
    double moeLoss = 0.0;                ///< task loss of the last MoE batch
};

/// A regular grid over a plane of the input space. x and y are plane coordinates: without
/// a plane, the first two features in raw units (any further feature held at its training
/// mean); with one, (u, v) of that plane (see FeaturePlane: the features themselves for
/// 2-feature data, principal components 1 and 2 in standardised units through the data
/// mean for more).
struct GridSpec {
    double xMin = -1.0, xMax = 1.0;
    double yMin = -1.0, yMax = 1.0;
    int width = 120;                     ///< cells along x
    int height = 120;                    ///< cells along y
    std::optional<FeaturePlane> plane;   ///< cols() must equal the data's feature count
};

/// What the MoE does at each grid cell, row-major from (xMin, yMax) at the top-left, so it
/// maps straight onto an image.
struct TerritoryGrid {
    GridSpec spec;
    int experts = 0;
    std::vector<int> expert;             ///< argmax of the gate per cell
    std::vector<float> confidence;       ///< that expert's gate probability, in (0, 1]
    std::vector<int> predictedClass;     ///< classification: the MoE's predicted class
    std::vector<float> predictedValue;   ///< regression: the MoE's prediction
    /// Every MoE layer's territory (block mode: one per block; [0] equals expert/confidence).
    /// The expert is the router's first choice where that is not the gate's argmax (hash:
    /// the hash's choice, confidence 1; sigmoid-bias: the biased scores' first choice).
    std::vector<std::vector<int>> layerExpert;       ///< layers x cells
    std::vector<std::vector<float>> layerConfidence; ///< layers x cells
    /// Each expert's own decision regions: the model's answer had that expert alone
    /// answered at the first MoE layer (E x cells). Classification: predicted class.
    std::vector<std::vector<int>> expertClass;
    /// Regression: predicted value, target units (E x cells).
    std::vector<std::vector<float>> expertValue;
    bool hashRouted = false;             ///< hash router: the territory is a fixed hash, not learned
};

}  // namespace moe
