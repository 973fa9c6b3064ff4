#include "core/trace/coactivation_order.h"

#include <cassert>
#include <cmath>
#include <cstddef>

namespace moe {

std::vector<double> normalisedCoActivation(const std::vector<std::int64_t>& counts, int experts) {
    const auto E = static_cast<std::size_t>(experts);
    assert(counts.size() == E * E);
    std::vector<double> s(E * E, 0.0);
    for (std::size_t a = 0; a < E; ++a)
        for (std::size_t b = 0; b < E; ++b) {
            const double na = static_cast<double>(counts[a * E + a]);
            const double nb = static_cast<double>(counts[b * E + b]);
            if (na > 0.0 && nb > 0.0) s[a * E + b] = static_cast<double>(counts[a * E + b]) / std::sqrt(na * nb);
        }
    return s;
}

std::vector<int> coActivationOrder(const std::vector<double>& similarity, int experts, const std::vector<bool>& alive) {
    const auto E = static_cast<std::size_t>(experts);
    assert(similarity.size() == E * E);
    assert(alive.empty() || alive.size() == E);
    // Clusters as lists of leaves in dendrogram order; `link` holds the average similarity
    // between two clusters, updated by the size-weighted mean on every merge (UPGMA).
    std::vector<std::vector<int>> clusters;
    for (std::size_t e = 0; e < E; ++e)
        if (alive.empty() || alive[e]) clusters.push_back({static_cast<int>(e)});
    const std::size_t n = clusters.size();
    std::vector<double> link(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            link[i * n + j] = similarity[static_cast<std::size_t>(clusters[i][0]) * E +
                                         static_cast<std::size_t>(clusters[j][0])];
    std::vector<bool> open(n, true);
    for (std::size_t merges = 1; merges < n; ++merges) {
        // The closest pair of open clusters; scanning in index order keeps the lower ids on a tie.
        std::size_t bi = n, bj = n;
        double best = -1.0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!open[i]) continue;
            for (std::size_t j = i + 1; j < n; ++j)
                if (open[j] && link[i * n + j] > best) {
                    best = link[i * n + j];
                    bi = i;
                    bj = j;
                }
        }
        // Cluster i always holds the lower first id (clusters keep the slot of their lowest leaf).
        const double wi = static_cast<double>(clusters[bi].size()), wj = static_cast<double>(clusters[bj].size());
        for (std::size_t k = 0; k < n; ++k) {
            if (!open[k] || k == bi || k == bj) continue;
            const double merged = (wi * link[bi * n + k] + wj * link[bj * n + k]) / (wi + wj);
            link[bi * n + k] = merged;
            link[k * n + bi] = merged;
        }
        clusters[bi].insert(clusters[bi].end(), clusters[bj].begin(), clusters[bj].end());
        clusters[bj].clear();
        open[bj] = false;
    }
    std::vector<int> order;
    order.reserve(E);
    for (std::size_t i = 0; i < n; ++i)
        if (open[i]) order.insert(order.end(), clusters[i].begin(), clusters[i].end());
    for (std::size_t e = 0; e < E; ++e)
        if (!alive.empty() && !alive[e]) order.push_back(static_cast<int>(e));
    return order;
}

}  // namespace moe
