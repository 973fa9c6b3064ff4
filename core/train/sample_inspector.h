#pragma once
// Intended usage: what the MoE does with ONE input, for the gate inspector. Give it a raw
// feature vector (the units the user sees); it returns, per MoE layer, the gate's
// probabilities over all experts, the experts chosen with their combine weights and which
// of those assignments capacity dropped, each chosen expert's own prediction, and the
// combined prediction of the model.
//
//   std::shared_ptr<SampleInspector> inspector = experiment.inspector();   // a deep copy
//   Result<SampleInspection> s = inspector->inspect({0.3f, -1.2f});
//   float p = s.value().layers[0].gate[2];          // P(expert 3) at the first MoE layer
//
// Capacity and expert choice are batch notions: whether an assignment is dropped depends on
// the other samples in the batch. The inspector therefore routes an input inside the
// evaluation batch (the test split), the batch whose routing the metrics report:
//  - no capacity at inference and a token-choice router: the input is routed alone, which
//    is exact because nothing else in a batch can change its routing;
//  - otherwise, a test-split row is routed exactly where it sits in that batch (the same
//    decision the test metrics counted), and any other input as one more sample appended at
//    the end of the test split (so T + 1 samples set the capacity).
// SampleInspection::context says which case applied, so a view can say it.
//
// "An expert's own prediction" is the model's output had that expert alone answered at the
// inspected layer with weight 1: in mixture mode expert_e(x) itself; in block mode the
// block's output replaced by expert_e(z), then the later blocks (in the same batch) and the
// head (expertAloneOutput() in core/train/territory_detail.h, also behind the map's
// "one expert alone" mode).
//
// Thread-safety: inspect() runs forward passes on the inspector's own model copy, so one
// inspector serves one thread at a time; it never touches the model being trained.

#include "core/data/dataset.h"
#include "core/train/trained_model.h"
#include "core/util/result.h"

#include <limits>
#include <memory>
#include <vector>

namespace moe {

/// How the batch an inspected sample was routed in was chosen (see the header comment).
enum class InspectionContext {
    Alone,              ///< no capacity at inference, token choice: routed on its own
    EvaluationBatch,    ///< a test-split row, routed in the evaluation batch as evaluated
    AppendedToBatch,    ///< any other input, routed as the last row of test split + 1
};

/// One expert the router assigned the sample to (kept or dropped by capacity).
struct ExpertAnswer {
    int expert = 0;                      ///< 0-based expert index
    int rank = 0;                        ///< the router's place: 0 = first choice
    float gate = 0.0f;                   ///< the router's probability of this expert
    float weight = 0.0f;                 ///< combine weight after capacity; 0 when dropped
    bool kept = true;                    ///< false: capacity dropped this assignment
    /// Classification: the expert alone's class probabilities (classes entries).
    std::vector<float> classProbabilities;
    /// Regression: the expert alone's prediction, in the target's units.
    float value = std::numeric_limits<float>::quiet_NaN();
};

/// The routing of the sample at one MoE layer.
struct LayerInspection {
    std::vector<float> gate;             ///< E: the router's distribution over the experts
    std::vector<ExpertAnswer> chosen;    ///< the assigned experts, in the router's order
    int capacity = 0;                    ///< C per expert in the batch routed; 0 = no limit
};

struct SampleInspection {
    std::vector<float> features;         ///< the input, raw units (cols entries)
    InspectionContext context = InspectionContext::Alone;
    int testRow = -1;                    ///< the test-split row equal to the input, or -1
    int batchSamples = 1;                ///< T of the batch the sample was routed in
    std::vector<LayerInspection> layers; ///< one per MoE layer, in order
    /// Classification: the model's combined class probabilities and their argmax.
    std::vector<float> classProbabilities;
    int predictedClass = -1;
    /// Regression: the model's combined prediction, in the target's units.
    float predictedValue = std::numeric_limits<float>::quiet_NaN();
};

/// The batch an input is routed in (see the header comment): X holds the standardised
/// rows (T x d), `row` is the input's row in it.
struct RoutedBatch {
    Matrix X;
    Eigen::Index row = 0;
    InspectionContext context = InspectionContext::Alone;
    int testRow = -1;
};

class SampleInspector {
public:
    /// `model`: a trained MoE (its own copy). `evaluationBatch`: the standardised test split
    /// the model is evaluated on (features only are used).
    SampleInspector(TrainedModel model, std::shared_ptr<const Dataset> evaluationBatch);

    /// `rawFeatures`: one value per feature, raw units. Fails with a message when the count
    /// is wrong or a value is not finite.
    Result<SampleInspection> inspect(const std::vector<float>& rawFeatures);

    const TrainedModel& model() const { return m_model; }
    const Dataset& evaluationBatch() const { return *m_batch; }
    int features() const { return static_cast<int>(m_model.inputScaler.cols()); }
    int experts() const { return m_model.config.model.experts; }
    int layers() const { return m_model.model->moeLayerCount(); }
    /// True when the routing of one input depends on the rest of its batch (capacity at
    /// inference, or expert choice).
    bool batchDependent() const;
    /// The batch inspect() routes `standardised` (one standardised input, features() values)
    /// in; the routing write-out (core/teach/routing_derivation.h) uses the same one.
    RoutedBatch routedBatch(const std::vector<float>& standardised) const;
    /// What inspect() refuses: the wrong number of features, or one that is not finite.
    Status checkFeatures(const std::vector<float>& rawFeatures) const;

private:
    int findTestRow(const std::vector<float>& standardised) const;
    /// The model's output (1 x out) turned into probabilities or a value.
    void readPrediction(const Matrix& output, std::vector<float>& probabilities, float& value) const;
    /// Fills each chosen expert's own prediction; X and row: the batch of the last forward.
    void expertAnswers(SampleInspection& s, const Matrix& X, Eigen::Index row);

    TrainedModel m_model;
    std::shared_ptr<const Dataset> m_batch;
};

}  // namespace moe
