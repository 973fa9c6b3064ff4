#include "core/train/sample_inspector.h"

#include "core/model/aux_losses.h"
#include "core/train/evaluate.h"
#include "core/train/territory_detail.h"

#include <cassert>
#include <cmath>
#include <string>

namespace moe {

SampleInspector::SampleInspector(TrainedModel model, std::shared_ptr<const Dataset> evaluationBatch)
    : m_model(std::move(model)), m_batch(std::move(evaluationBatch)) {
    assert(m_model.model && m_batch);
}

bool SampleInspector::batchDependent() const {
    const ModelConfig& m = m_model.config.model;
    return m.router == RouterKind::ExpertChoice || m.inferenceCapacityFactor() > 0.0;
}

int SampleInspector::findTestRow(const std::vector<float>& standardised) const {
    // The same standardisation of the same raw values gives the same bits, so a test-split
    // row is recognised by exact equality.
    const Dataset& b = *m_batch;
    if (b.cols != standardised.size()) return -1;
    for (std::size_t r = 0; r < b.rows; ++r) {
        bool same = true;
        for (std::size_t c = 0; c < b.cols && same; ++c) same = b.feature(r, c) == standardised[c];
        if (same) return static_cast<int>(r);
    }
    return -1;
}

void SampleInspector::readPrediction(const Matrix& output, std::vector<float>& probabilities, float& value) const {
    if (m_model.task == Task::Classification) {
        Matrix p;
        softmaxRows(output, p);
        probabilities.assign(p.data(), p.data() + p.cols());
    } else {
        value = m_model.targetScaler.mean + m_model.targetScaler.scale * output(0, 0);
    }
}

RoutedBatch SampleInspector::routedBatch(const std::vector<float>& standardised) const {
    RoutedBatch b;
    b.testRow = findTestRow(standardised);
    const Eigen::Map<const RowVector> xRow(standardised.data(), static_cast<Eigen::Index>(standardised.size()));
    if (!batchDependent()) {
        b.context = InspectionContext::Alone;
        b.X = xRow;
        return b;
    }
    toMatrix(*m_batch, b.X);
    if (b.testRow >= 0) {
        b.context = InspectionContext::EvaluationBatch;
        b.row = b.testRow;
    } else {
        b.context = InspectionContext::AppendedToBatch;
        b.row = b.X.rows();
        b.X.conservativeResize(b.X.rows() + 1, Eigen::NoChange);
        b.X.row(b.row) = xRow;
    }
    return b;
}

Status SampleInspector::checkFeatures(const std::vector<float>& rawFeatures) const {
    const std::size_t d = m_model.inputScaler.cols();
    if (rawFeatures.size() != d)
        return Error{"inspect: the model takes " + std::to_string(d) + " features, the input has " +
                     std::to_string(rawFeatures.size())};
    for (std::size_t c = 0; c < d; ++c)
        if (!std::isfinite(rawFeatures[c]))
            return Error{"inspect: feature " + std::to_string(c + 1) + " is not a finite number"};
    return {};
}

Result<SampleInspection> SampleInspector::inspect(const std::vector<float>& rawFeatures) {
    if (Status ok = checkFeatures(rawFeatures); !ok) return Error{ok.error()};

    SampleInspection s;
    s.features = rawFeatures;
    std::vector<float> x = rawFeatures;
    m_model.inputScaler.applyRow(x.data());
    RoutedBatch batch = routedBatch(x);
    s.context = batch.context;
    const Matrix& X = batch.X;
    const Eigen::Index row = batch.row;
    s.testRow = batch.testRow;
    s.batchSamples = static_cast<int>(X.rows());

    MoeNetwork& net = *m_model.model;
    const Matrix output = net.forward(X, Phase::Inference).row(row);
    readPrediction(output, s.classProbabilities, s.predictedValue);
    if (!s.classProbabilities.empty())
        s.predictedClass = static_cast<int>(std::max_element(s.classProbabilities.begin(), s.classProbabilities.end()) -
                                            s.classProbabilities.begin());

    const int t = static_cast<int>(row);
    for (int l = 0; l < net.moeLayerCount(); ++l) {
        const Routing& r = net.moeLayer(l).routing();
        LayerInspection layer;
        layer.gate.assign(static_cast<std::size_t>(r.experts), 0.0f);
        for (int e = 0; e < r.experts; ++e) layer.gate[static_cast<std::size_t>(e)] = r.probs(t, e);
        layer.capacity = r.capacity;
        for (int j = 0; j < r.places; ++j) {
            if (!r.assignedAt(t, j)) continue;
            ExpertAnswer a;
            a.expert = r.expertAt(t, j);
            a.rank = j;
            a.gate = r.probs(t, a.expert);
            a.weight = r.weight(t, j);
            a.kept = r.keptAt(t, j);
            layer.chosen.push_back(std::move(a));
        }
        s.layers.push_back(std::move(layer));
    }
    // The block inputs of this sample, read before the counterfactual passes below overwrite
    // the network's workspaces.
    expertAnswers(s, X, row);
    return s;
}

void SampleInspector::expertAnswers(SampleInspection& s, const Matrix& X, Eigen::Index row) {
    MoeNetwork& net = *m_model.model;
    for (int l = 0; l < net.moeLayerCount(); ++l)
        for (ExpertAnswer& a : s.layers[static_cast<std::size_t>(l)].chosen)
            readPrediction(expertAloneOutput(net, l, a.expert, X).row(row), a.classProbabilities, a.value);
}

}  // namespace moe
