#pragma once
// Intended usage: the routing of ONE input written out step by step with the model's real
// numbers, for the formula view and its Copy as text (derivation_steps.h renders it). For
// each MoE layer: the router's input, the logits l = x W_g + b with W_g's shape, the
// router's scores (softmax p; sigmoid s and s + b; noisy top-k's scale, zero at inference),
// the selection with the ranking it used (top-k marks, top-p's running sum, expert
// choice's place in its expert's batch, hash's fixed choice), the combine weights by the
// router's rule and after capacity, each chosen expert's output, y = sum_i w_i E_i(x) (and
// the residual in block mode); then the model's output, its prediction, and this input's
// forward FLOPs against the dense baselines.
//
//   std::shared_ptr<SampleInspector> inspector = experiment.inspector();
//   Result<RoutingDerivation> d = deriveRouting(*inspector, {0.3f, -1.2f}, experiment.cost());
//   if (d && d.value().unavailable.empty()) show(d.value().layers[0].logits);
//
// The input is routed exactly as SampleInspector::inspect() routes it - the same batch
// (SampleInspector::routedBatch()), one Inference forward of a copy of the same model - so
// every probability, weight and prediction equals the gate inspector's. Vectors are plain
// std::vector<float> in the model's own float arithmetic.
//
// When an input's routing cannot be written out, `unavailable` says why in words and the
// layers are empty: expert choice routed in a batch of one sample, where "an expert takes
// its C highest inputs of the batch" has nothing to choose among.

#include "core/cost/cost_report.h"
#include "core/model/model_config.h"
#include "core/train/sample_inspector.h"
#include "core/util/result.h"

#include <limits>
#include <string>
#include <vector>

namespace moe {

/// One expert the router assigned the input to at a layer.
struct ExpertTerm {
    int expert = 0;
    int rank = 0;               ///< the router's place: 0 = first choice
    float gate = 0.0f;          ///< p_e (sigmoid-bias: s_e normalised over all experts)
    /// The value the selection ranked: p (H = l for noisy top-k, s + b for sigmoid-bias);
    /// NaN for hash.
    float score = std::numeric_limits<float>::quiet_NaN();
    /// Top-p: the running sum of p up to and including this expert; NaN otherwise.
    double runningSum = std::numeric_limits<double>::quiet_NaN();
    /// Expert choice: the input's place among the batch's p for this expert (0 = highest)
    /// and the C-th highest p of that column, the bar it cleared; -1 and NaN otherwise.
    int batchRank = -1;
    float cutoff = std::numeric_limits<float>::quiet_NaN();
    float ruleWeight = 0.0f;    ///< the router's rule before capacity (renormalised or raw)
    float weight = 0.0f;        ///< the combine weight used: after capacity, 0 when dropped
    bool kept = true;           ///< false: capacity dropped this assignment
    std::vector<float> output;  ///< E_e(input), outputs entries; empty when dropped
};

struct LayerDerivation {
    std::vector<float> input;        ///< the router's input: standardised x (mixture) or z_l (block)
    int gateRows = 0;                ///< W_g is gateRows x experts (+ bias 1 x experts)
    int experts = 0;
    int outputs = 0;                 ///< width of each expert's output
    std::vector<float> logits;       ///< E: l = x W_g + b (zeros for hash, which has no gate)
    std::vector<float> probs;        ///< E: the router's distribution (softmax; two-level with groups)
    std::vector<float> groupProbs;   ///< G: with groups > 1, each group's share of p
    std::vector<float> sigmoid;      ///< sigmoid-bias: E, s = sigmoid(l)
    std::vector<float> bias;         ///< sigmoid-bias: E, b (no gradient; moved by the load)
    std::vector<float> noiseScale;   ///< noisy top-k: E, softplus(x W_noise + b) + 0.01, training only
    std::vector<float> selectionScore;  ///< E: what the selection ranks; empty for hash
    std::vector<int> ranking;        ///< every expert by selectionScore, best first (ties: lower index)
    std::vector<ExpertTerm> chosen;  ///< the assigned experts, in the router's order
    std::vector<std::vector<float>> sharedOutputs;  ///< each shared expert's output (weight 1)
    int capacity = 0;                ///< C per expert in the batch; 0 = no limit
    int k = 1;                       ///< k of the router (E for dense)
    std::vector<float> combined;     ///< y = sum_i w_i E_i(input) + shared, outputs entries
    std::vector<float> residualOutput;  ///< block mode: z_{l+1} = z_l + y; empty in mixture mode
    double flops = 0.0;              ///< this layer's forward FLOPs for this input
};

struct RoutingDerivation {
    RouterKind router = RouterKind::SoftmaxTopK;
    MoeMode mode = MoeMode::Mixture;
    MixtureLoss mixtureLoss = MixtureLoss::Cooperative;
    Task task = Task::Classification;
    bool renormalize = true;         ///< softmax top-k only: k > 1 and the chosen p renormalised
    bool renormalizeAfterDrop = false;
    double topPThreshold = 0.4;
    double expertChoiceFactor = 2.0;
    int groups = 1;
    std::vector<std::string> featureNames;
    std::vector<std::string> classNames;

    std::vector<float> raw;          ///< the input in raw units
    std::vector<float> mean, scale;  ///< the standardisation: x_std = (raw - mean) / scale
    std::vector<float> standardised;
    InspectionContext context = InspectionContext::Alone;
    int testRow = -1;
    int batchSamples = 1;            ///< T of the batch the input was routed in
    /// Non-empty: the routing cannot be written out for this input, and why (layers empty).
    std::string unavailable;

    int modelWidth = 0;              ///< block mode: m; the embedding is d x m, the head m x out
    std::vector<float> embedded;     ///< block mode: z_0 = x W_emb + b_emb
    std::vector<LayerDerivation> layers;
    std::vector<float> output;       ///< the model's output (logits, or the standardised value)
    std::vector<float> classProbabilities;  ///< classification: softmax(output)
    int predictedClass = -1;
    float predictedValue = std::numeric_limits<float>::quiet_NaN();  ///< regression, raw units

    double flops = 0.0;              ///< this input's forward FLOPs (its own experts per layer)
    double flopsMoe = 0.0;           ///< the MoE's average per input (CostReport)
    double flopsDenseEqualParams = 0.0;
    double flopsDenseEqualCompute = 0.0;
};

/// Writes out the routing of `rawFeatures` (raw units) by `inspector`'s model, in the batch
/// inspect() would use. `cost` gives the average and the dense baselines' FLOPs. Fails, as
/// inspect() does, on the wrong number of features or a value that is not finite.
Result<RoutingDerivation> deriveRouting(const SampleInspector& inspector, const std::vector<float>& rawFeatures,
                                        const CostReport& cost);

}  // namespace moe
