#include "core/train/routing_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace moe {

double coefficientOfVariation(const std::vector<double>& counts) {
    if (counts.empty()) return 0.0;
    const double n = static_cast<double>(counts.size());
    const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / n;
    if (mean <= 0.0) return 0.0;
    double variance = 0.0;
    for (double c : counts) variance += (c - mean) * (c - mean);
    return std::sqrt(variance / n) / mean;
}

double coefficientOfVariation(const std::vector<int>& counts) {
    return coefficientOfVariation(std::vector<double>(counts.begin(), counts.end()));
}

std::vector<double> loadFractions(const std::vector<double>& counts) {
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    std::vector<double> f(counts.size(), 0.0);
    if (total > 0.0)
        for (std::size_t i = 0; i < counts.size(); ++i) f[i] = counts[i] / total;
    return f;
}

std::vector<double> loadFractions(const std::vector<int>& counts) {
    return loadFractions(std::vector<double>(counts.begin(), counts.end()));
}

double maxViolation(const std::vector<double>& counts) {
    if (counts.empty()) return 0.0;
    const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / static_cast<double>(counts.size());
    if (mean <= 0.0) return 0.0;
    return (*std::max_element(counts.begin(), counts.end()) - mean) / mean;
}

double usageEntropy(const std::vector<double>& fractions) {
    if (fractions.size() <= 1) return 1.0;
    double entropy = 0.0;
    for (double f : fractions)
        if (f > 0.0) entropy -= f * std::log(f);
    return entropy / std::log(static_cast<double>(fractions.size()));
}

double normalisedMutualInformation(const std::vector<std::vector<double>>& joint) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    double total = 0.0;
    for (const auto& row : joint) total += std::accumulate(row.begin(), row.end(), 0.0);
    if (total <= 0.0) return kNaN;
    std::vector<double> pc(joint.size(), 0.0), pe(joint.front().size(), 0.0);
    for (std::size_t c = 0; c < joint.size(); ++c)
        for (std::size_t e = 0; e < pe.size(); ++e) {
            pc[c] += joint[c][e] / total;
            pe[e] += joint[c][e] / total;
        }
    double hClass = 0.0, mutual = 0.0;
    for (double p : pc)
        if (p > 0.0) hClass -= p * std::log(p);
    for (std::size_t c = 0; c < joint.size(); ++c)
        for (std::size_t e = 0; e < pe.size(); ++e) {
            const double p = joint[c][e] / total;
            if (p > 0.0) mutual += p * std::log(p / (pc[c] * pe[e]));
        }
    return hClass > 0.0 ? mutual / hClass : kNaN;
}

}  // namespace moe
