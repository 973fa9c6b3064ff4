#pragma once
// Intended usage: the one-line verdict on a layer's routing that the utilisation view shows
// when something is wrong, and what to try. Two problems are detected:
//
// - Dead experts: RoutingStats::deadExperts, experts that received no assignment over the
//   last training epoch.
// - Load collapse: the k busiest experts take more than kCollapseShare (90%) of the kept
//   assignments on the test split, where k is the measured average number of experts per
//   sample rounded (at least 1) and E > k. With top-1 routing this is "one expert takes
//   over 90% of the inputs"; with top-2 over 8 experts, "two experts do nearly all the
//   work". Routers that balance by construction (expert choice, hash) and dense routing
//   (k = E) never trigger it.
//
//   RoutingHealth h = RoutingHealth::assess(snapshot.routing, config);
//   if (!h.healthy()) warningLabel->setText(h.message());
//
// Nothing is judged before the first epoch: an untrained gate proves nothing.

#include "core/train/run_config.h"
#include "core/train/snapshot.h"

#include <QString>

#include <vector>

namespace moe::ui {

class RoutingHealth {
public:
    static constexpr double kCollapseShare = 0.9;

    static RoutingHealth assess(const moe::RoutingStats& stats, const moe::RunConfig& config, int epoch);

    bool healthy() const { return !m_collapsed && m_dead.empty(); }
    bool collapsed() const { return m_collapsed; }
    const std::vector<int>& deadExperts() const { return m_dead; }
    /// The busiest experts when collapsed, busiest first.
    const std::vector<int>& dominantExperts() const { return m_dominant; }
    /// Their share of the load, 0..1.
    double dominantShare() const { return m_share; }
    /// One line: the problem and what to try; empty when healthy.
    QString message() const { return m_message; }

private:
    bool m_collapsed = false;
    std::vector<int> m_dead;
    std::vector<int> m_dominant;
    double m_share = 0.0;
    QString m_message;
};

}  // namespace moe::ui
