#include "core/train/evaluate.h"

#include "core/model/aux_losses.h"
#include "core/model/losses.h"
#include "core/train/routing_metrics.h"

#include <cassert>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {

void toMatrix(const Dataset& data, Matrix& X) {
    X = Eigen::Map<const Matrix>(data.features.data(), static_cast<Eigen::Index>(data.rows),
                                 static_cast<Eigen::Index>(data.cols));
}

ModelMetrics evaluateModel(Model& model, const Dataset& data, const TargetScaler& targetScaler) {
    ModelMetrics m;
    if (data.rows == 0) return m;
    Matrix X;
    toMatrix(data, X);
    const Matrix& Y = model.forward(X, Phase::Inference);
    if (data.task == Task::Classification) {
        m.testLoss = crossEntropy(Y, data.labels.data());
        std::size_t correct = 0;
        for (std::size_t t = 0; t < data.rows; ++t) {
            Eigen::Index best = 0;
            Y.row(static_cast<Eigen::Index>(t)).maxCoeff(&best);
            if (best == data.labels[t]) ++correct;
        }
        m.testAccuracy = static_cast<double>(correct) / static_cast<double>(data.rows);
    } else {
        double mean = 0.0;
        for (float v : data.values) mean += v;
        mean /= static_cast<double>(data.rows);
        double ssRes = 0.0, ssTot = 0.0, lossStd = 0.0;
        for (std::size_t t = 0; t < data.rows; ++t) {
            const double predicted = targetScaler.mean + targetScaler.scale * Y(static_cast<Eigen::Index>(t), 0);
            const double actual = data.values[t];
            const double residualStd = (predicted - actual) / targetScaler.scale;
            ssRes += (predicted - actual) * (predicted - actual);
            ssTot += (actual - mean) * (actual - mean);
            lossStd += residualStd * residualStd;
        }
        m.testLoss = lossStd / static_cast<double>(data.rows);
        m.testMse = ssRes / static_cast<double>(data.rows);
        m.testR2 = ssTot > 0.0 ? 1.0 - ssRes / ssTot : kNotApplicable;
    }
    return m;
}

RoutingStats routingStats(const Routing& routing, const int* labels, int classes) {
    RoutingStats s;
    const int E = routing.experts;
    const int T = routing.samples;
    if (E == 0 || T == 0) return s;
    const double kept = std::accumulate(routing.countsAfter.begin(), routing.countsAfter.end(), 0.0);
    const double logE = std::log(static_cast<double>(E));

    s.expertCount = routing.countsAfter;
    s.expertLoad = loadFractions(routing.countsAfter);
    s.expertLoadBefore = loadFractions(routing.countsBefore);
    s.loadCv = coefficientOfVariation(routing.countsAfter);
    s.loadCvBefore = coefficientOfVariation(routing.countsBefore);
    s.maxViolation = maxViolation(std::vector<double>(routing.countsAfter.begin(), routing.countsAfter.end()));

    s.meanGate.assign(static_cast<std::size_t>(E), 0.0);
    for (int e = 0; e < E; ++e)
        s.meanGate[static_cast<std::size_t>(e)] = routing.probs.col(e).cast<double>().mean();
    s.usageEntropy = usageEntropy(s.expertLoad);

    double gateEntropy = 0.0;
    for (int t = 0; t < T; ++t)
        for (int e = 0; e < E; ++e) {
            const double p = routing.probs(t, e);
            if (p > 0.0) gateEntropy -= p * std::log(p);
        }
    s.gateEntropy = E > 1 ? gateEntropy / T / logE : 0.0;

    const int assigned = routing.assignments();
    s.droppedFraction = assigned > 0 ? 1.0 - kept / assigned : 0.0;
    s.expertsPerSample = kept / T;
    s.expertsPerSampleHistogram.assign(static_cast<std::size_t>(E) + 1, 0.0);
    double weightSum = 0.0;
    for (int t = 0; t < T; ++t) {
        int used = 0;
        for (int j = 0; j < routing.places; ++j)
            if (routing.keptAt(t, j)) {
                ++used;
                weightSum += routing.weight(t, j);
            }
        s.expertsPerSampleHistogram[static_cast<std::size_t>(std::min(used, E))] += 1.0 / T;
    }
    s.samplesLeftBehind = s.expertsPerSampleHistogram.front();
    s.routerConfidence = kept > 0 ? weightSum / kept : 0.0;

    if (labels && classes > 0) {
        std::vector<std::vector<double>> joint(static_cast<std::size_t>(classes),
                                               std::vector<double>(static_cast<std::size_t>(E), 0.0));
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < routing.places; ++j)
                if (routing.keptAt(t, j)) joint[static_cast<std::size_t>(labels[t])][static_cast<std::size_t>(routing.expertAt(t, j))] += 1.0;
        s.classExpertNmi = normalisedMutualInformation(joint);
        s.classExpert = joint;
        for (auto& row : s.classExpert) {
            const double total = std::accumulate(row.begin(), row.end(), 0.0);
            if (total > 0.0)
                for (double& v : row) v /= total;
        }
    }
    s.balanceLoss = loadBalancingLoss(routing.probs, routing.countsBefore);
    s.zLoss = routerZLoss(routing.logits);
    return s;
}

Predictions predict(const TrainedModel& trained, const Dataset& rawData) {
    assert(trained.model && rawData.cols == trained.inputScaler.cols());
    Predictions p;
    p.task = trained.task;
    Dataset data = rawData;
    trained.inputScaler.apply(data);
    Matrix X;
    toMatrix(data, X);
    const std::unique_ptr<MoeNetwork> model = trained.model->clone();  // forward() writes workspaces
    const Matrix& Y = model->forward(X, Phase::Inference);
    for (int l = 0; l < model->moeLayerCount(); ++l) {
        const Routing& routing = model->moeLayer(l).routing();
        p.gateProbabilities.push_back(routing.probs);
        std::vector<std::vector<RoutedExpert>> rows(data.rows);
        for (int t = 0; t < routing.samples; ++t)
            for (int j = 0; j < routing.places; ++j)
                if (routing.assignedAt(t, j) && routing.keptAt(t, j))
                    rows[static_cast<std::size_t>(t)].push_back({routing.expertAt(t, j), routing.weight(t, j)});
        p.routed.push_back(std::move(rows));
    }
    if (trained.task == Task::Classification) {
        softmaxRows(Y, p.classProbabilities);
        p.predictedClass.resize(data.rows);
        for (std::size_t t = 0; t < data.rows; ++t) {
            Eigen::Index best = 0;
            Y.row(static_cast<Eigen::Index>(t)).maxCoeff(&best);
            p.predictedClass[t] = static_cast<int>(best);
        }
    } else {
        p.predictedValue.resize(data.rows);
        for (std::size_t t = 0; t < data.rows; ++t)
            p.predictedValue[t] = trained.targetScaler.mean +
                                  trained.targetScaler.scale * Y(static_cast<Eigen::Index>(t), 0);
    }
    return p;
}

}  // namespace moe
