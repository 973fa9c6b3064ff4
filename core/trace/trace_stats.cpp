#include "core/trace/trace_stats.h"

#include "core/train/routing_metrics.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe {
namespace {

void loadFigures(LayerTraceStats& s, const TraceStatsOptions& options) {
    s.expertLoad = loadFractions(s.expertCount);
    s.loadCv = coefficientOfVariation(s.expertCount);
    s.maxViolation = maxViolation(s.expertCount);
    s.usageEntropy = usageEntropy(s.expertLoad);
    const double mean = std::accumulate(s.expertCount.begin(), s.expertCount.end(), 0.0) /
                        static_cast<double>(s.expertCount.size());
    for (std::size_t e = 0; e < s.expertCount.size(); ++e) {
        if (s.expertCount[e] == 0.0) s.deadExperts.push_back(static_cast<int>(e));
        if (mean > 0.0 && s.expertCount[e] >= options.hotFactor * mean) s.hotExperts.push_back(static_cast<int>(e));
    }
}

/// The router's distribution over the experts for one token's scores, by the recipe:
/// softmax for the softmax recipes, s / sum s of the sigmoids for sigmoid_bias.
double normalisedScoreEntropy(const float* scores, int E, WeightRecipe recipe, std::vector<double>& p) {
    if (E <= 1) return 0.0;
    if (recipe == WeightRecipe::SigmoidBias) {
        for (int e = 0; e < E; ++e) p[static_cast<std::size_t>(e)] = 1.0 / (1.0 + std::exp(-double(scores[e])));
    } else {
        const double top = *std::max_element(scores, scores + E);
        for (int e = 0; e < E; ++e) p[static_cast<std::size_t>(e)] = std::exp(double(scores[e]) - top);
    }
    const double sum = std::accumulate(p.begin(), p.end(), 0.0);
    double h = 0.0;
    for (double v : p)
        if (v > 0.0) h -= v / sum * std::log(v / sum);
    return h / std::log(double(E));
}

LayerTraceStats tokenLayerStats(const RoutingTrace& trace, int l, const TraceStatsOptions& options) {
    const TraceMeta& m = trace.meta;
    const int E = m.experts, k = m.topK;
    const std::size_t T = trace.tokens();
    const auto En = static_cast<std::size_t>(E);
    LayerTraceStats s;
    s.layer = m.moeLayers[static_cast<std::size_t>(l)];
    s.expertCount.assign(En, 0.0);
    s.coActivation.assign(En * En, 0);
    const std::size_t labels = m.labels.size();
    std::vector<std::vector<double>> joint(trace.hasLabels() ? labels : 0, std::vector<double>(En, 0.0));
    double topWeight = 0.0, weightSum = 0.0;
    for (std::size_t t = 0; t < T; ++t) {
        const std::size_t base = trace.slot(l, t, 0);
        const std::uint16_t* ids = trace.expertIds.data() + base;
        const float* w = trace.weights.data() + base;
        topWeight += w[0];
        const int label = trace.hasLabels() ? trace.label[t] : -1;
        for (int r = 0; r < k; ++r) {
            const std::size_t a = ids[r];
            weightSum += w[r];
            s.coActivation[a * En + a] += 1;
            for (int q = r + 1; q < k; ++q) {
                const std::size_t b = ids[q];
                s.coActivation[a * En + b] += 1;
                s.coActivation[b * En + a] += 1;
            }
            if (label >= 0) joint[static_cast<std::size_t>(label)][a] += 1.0;
        }
    }
    for (std::size_t e = 0; e < En; ++e) s.expertCount[e] = static_cast<double>(s.coActivation[e * En + e]);
    loadFigures(s, options);
    if (T > 0) {
        s.meanTopWeight = topWeight / static_cast<double>(T);
        s.meanWeightSum = weightSum / static_cast<double>(T);
    }

    for (int a = 0; a < E; ++a)
        for (int b = a + 1; b < E; ++b) {
            const std::int64_t c = s.coActivation[static_cast<std::size_t>(a) * En + static_cast<std::size_t>(b)];
            if (c == 0) continue;
            const double lift = static_cast<double>(c) * static_cast<double>(T) /
                                (s.expertCount[static_cast<std::size_t>(a)] * s.expertCount[static_cast<std::size_t>(b)]);
            s.topPairs.push_back({a, b, c, lift});
        }
    const auto better = [](const CoActivationPair& x, const CoActivationPair& y) {
        if (x.count != y.count) return x.count > y.count;
        return x.a != y.a ? x.a < y.a : x.b < y.b;
    };
    const std::size_t keep = std::min(s.topPairs.size(), static_cast<std::size_t>(std::max(options.topPairs, 0)));
    std::partial_sort(s.topPairs.begin(), s.topPairs.begin() + static_cast<std::ptrdiff_t>(keep), s.topPairs.end(), better);
    s.topPairs.resize(keep);

    if (trace.hasLabels()) {
        s.labelExpertNmi = normalisedMutualInformation(joint);
        for (auto& row : joint) {
            const double total = std::accumulate(row.begin(), row.end(), 0.0);
            if (total > 0.0)
                for (double& v : row) v /= total;
        }
        s.labelExpert = std::move(joint);
    }
    if (trace.hasScores() && T > 0) {
        std::vector<double> p(En);
        double h = 0.0;
        for (std::size_t t = 0; t < T; ++t)
            h += normalisedScoreEntropy(trace.scores.data() + (static_cast<std::size_t>(l) * T + t) * En, E, m.weights, p);
        s.scoreEntropy = h / static_cast<double>(T);
    }
    return s;
}

LayerConsistency consistency(const RoutingTrace& trace, int l) {
    const TraceMeta& m = trace.meta;
    const auto En = static_cast<std::size_t>(m.experts);
    const int k = m.topK;
    const std::size_t T = trace.tokens();
    LayerConsistency c;
    c.fromLayer = m.moeLayers[static_cast<std::size_t>(l)];
    c.toLayer = m.moeLayers[static_cast<std::size_t>(l) + 1];
    // joint[next first choice][this first choice]: normalised by H(next).
    std::vector<std::vector<double>> joint(En, std::vector<double>(En, 0.0));
    std::vector<std::size_t> stamp(En, 0);
    double same = 0.0, overlap = 0.0;
    for (std::size_t t = 0; t < T; ++t) {
        const std::uint16_t* here = trace.expertIds.data() + trace.slot(l, t, 0);
        const std::uint16_t* there = trace.expertIds.data() + trace.slot(l + 1, t, 0);
        joint[there[0]][here[0]] += 1.0;
        if (here[0] == there[0]) same += 1.0;
        for (int r = 0; r < k; ++r) stamp[here[r]] = t + 1;
        for (int r = 0; r < k; ++r)
            if (stamp[there[r]] == t + 1) overlap += 1.0;
    }
    if (T == 0) return c;
    const double n = static_cast<double>(T);
    c.sameTop1 = same / n;
    c.setOverlap = overlap / n / k;
    std::vector<double> f(En, 0.0), g(En, 0.0);
    for (std::size_t a = 0; a < En; ++a)
        for (std::size_t b = 0; b < En; ++b) {
            g[a] += joint[a][b] / n;
            f[b] += joint[a][b] / n;
        }
    for (std::size_t e = 0; e < En; ++e) c.sameTop1Chance += f[e] * g[e];
    c.top1Nmi = normalisedMutualInformation(joint);
    return c;
}

}  // namespace

TraceStats computeTraceStats(const RoutingTrace& trace, const TraceStatsOptions& options) {
    TraceStats stats;
    const int L = trace.layers();
    const auto En = static_cast<std::size_t>(trace.meta.experts);
    stats.countsOnly = trace.countsOnly;
    stats.layers.resize(static_cast<std::size_t>(L));
    if (trace.countsOnly) {
        stats.steps = trace.steps;
        for (int l = 0; l < L; ++l) {
            LayerTraceStats& s = stats.layers[static_cast<std::size_t>(l)];
            s.layer = trace.meta.moeLayers[static_cast<std::size_t>(l)];
            s.expertCount.assign(En, 0.0);
            for (std::size_t step = 0; step < trace.steps; ++step)
                for (int e = 0; e < trace.meta.experts; ++e)
                    s.expertCount[static_cast<std::size_t>(e)] += static_cast<double>(trace.count(step, l, e));
            loadFigures(s, options);
        }
        if (L > 0) {
            const double first = std::accumulate(stats.layers[0].expertCount.begin(), stats.layers[0].expertCount.end(), 0.0);
            stats.tokens = static_cast<std::size_t>(first / trace.meta.topK);
        }
        return stats;
    }
    stats.tokens = trace.tokens();
    std::vector<std::int32_t> sequences = trace.sequence;
    std::sort(sequences.begin(), sequences.end());
    stats.sequences = static_cast<std::size_t>(std::unique(sequences.begin(), sequences.end()) - sequences.begin());
    stats.labelledTokens = static_cast<std::size_t>(
        std::count_if(trace.label.begin(), trace.label.end(), [](std::int32_t v) { return v >= 0; }));
    stats.consistency.resize(L > 1 ? static_cast<std::size_t>(L - 1) : 0);
    // One task per layer and per consecutive pair; each writes only its own entry.
    tbb::parallel_for(0, 2 * L - 1, [&](int i) {
        if (i < L)
            stats.layers[static_cast<std::size_t>(i)] = tokenLayerStats(trace, i, options);
        else
            stats.consistency[static_cast<std::size_t>(i - L)] = consistency(trace, i - L);
    });
    return stats;
}

}  // namespace moe
