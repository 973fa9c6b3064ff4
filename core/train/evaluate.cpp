#include "core/train/evaluate.h"

#include "core/model/aux_losses.h"
#include "core/train/losses.h"

#include <cassert>
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

RoutingStats routingStats(const Routing& routing) {
    RoutingStats s;
    const int E = routing.experts;
    const int T = routing.samples;
    if (E == 0 || T == 0) return s;
    const double kept = std::accumulate(routing.countsAfter.begin(), routing.countsAfter.end(), 0.0);
    const double logE = std::log(static_cast<double>(E));

    s.expertLoad.assign(static_cast<std::size_t>(E), 0.0);
    s.meanGate.assign(static_cast<std::size_t>(E), 0.0);
    double entropy = 0.0;
    for (int e = 0; e < E; ++e) {
        const double f = kept > 0 ? routing.countsAfter[static_cast<std::size_t>(e)] / kept : 0.0;
        s.expertLoad[static_cast<std::size_t>(e)] = f;
        s.meanGate[static_cast<std::size_t>(e)] = routing.probs.col(e).cast<double>().mean();
        if (f > 0.0) entropy -= f * std::log(f);
    }
    s.usageEntropy = E > 1 ? entropy / logE : 1.0;

    const double meanLoad = kept / E;
    double variance = 0.0;  // population variance of the per-expert loads
    for (int c : routing.countsAfter) variance += (c - meanLoad) * (c - meanLoad);
    variance /= E;
    s.loadCv = meanLoad > 0.0 ? std::sqrt(variance) / meanLoad : 0.0;

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
    MoeModel model = *trained.model;  // a private copy: forward() writes workspaces
    const Matrix& Y = model.forward(X, Phase::Inference);
    const Routing& routing = model.routing();
    p.gateProbabilities = routing.probs;
    p.topExpert.resize(data.rows);
    for (std::size_t t = 0; t < data.rows; ++t) {
        Eigen::Index best = 0;
        routing.probs.row(static_cast<Eigen::Index>(t)).maxCoeff(&best);
        p.topExpert[t] = static_cast<int>(best);
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
