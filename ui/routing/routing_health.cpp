#include "ui/routing/routing_health.h"

#include "ui/charts/expert_palette.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moe::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("RoutingHealth", text); }

QString expertList(const std::vector<int>& experts) {
    QStringList names;
    for (int e : experts) names << ExpertPalette::name(e);
    if (names.size() > 4) return tr("%1 experts").arg(names.size());
    return names.join(QStringLiteral(", "));
}

QString advice(const moe::RunConfig& config) {
    QStringList tries;
    const double alpha = config.train.balanceLoss;
    if (config.model.router != moe::RouterKind::SigmoidBias)
        tries << (alpha > 0.0 ? tr("a larger balance loss (now α = %1)").arg(alpha)
                              : tr("a balance loss (α = 0.01)"));
    if (config.model.router == moe::RouterKind::Switch)
        tries << tr("more router jitter");
    else if (config.model.router != moe::RouterKind::NoisyTopK)
        tries << tr("router noise (noisy-topk)");
    tries << tr("a router that balances by design (expert-choice, sigmoid-bias)");
    return tr("Try %1.").arg(tries.join(QStringLiteral(", ")));
}

}  // namespace

RoutingHealth RoutingHealth::assess(const moe::RoutingStats& stats, const moe::RunConfig& config, int epoch) {
    RoutingHealth h;
    if (epoch < 1) return h;
    h.m_dead = stats.deadExperts;
    const auto experts = static_cast<int>(stats.expertLoad.size());
    double perSample = stats.expertsPerSample > 0.0 ? stats.expertsPerSample : config.model.topK;
    const int k = std::max(1, static_cast<int>(std::lround(perSample)));
    if (experts > k) {
        std::vector<int> order(static_cast<std::size_t>(experts));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return stats.expertLoad[static_cast<std::size_t>(a)] > stats.expertLoad[static_cast<std::size_t>(b)];
        });
        double share = 0.0;
        for (int i = 0; i < k; ++i) share += stats.expertLoad[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])];
        if (share > kCollapseShare) {
            h.m_collapsed = true;
            h.m_share = share;
            h.m_dominant.assign(order.begin(), order.begin() + k);
        }
    }
    QStringList problems;
    if (h.m_collapsed) {
        const QString percent = QString::number(100.0 * h.m_share, 'f', 0);
        problems << (k == 1 ? tr("Load collapsed: %1 takes %2% of the inputs.").arg(expertList(h.m_dominant), percent)
                            : tr("Load collapsed: %1 take %2% of the assignments.").arg(expertList(h.m_dominant), percent));
    }
    if (!h.m_dead.empty())
        problems << (h.m_dead.size() == 1 ? tr("%1 is dead (no input in the last epoch).").arg(expertList(h.m_dead))
                                          : tr("%1 are dead (no input in the last epoch).").arg(expertList(h.m_dead)));
    if (!problems.isEmpty()) h.m_message = problems.join(QLatin1Char(' ')) + QLatin1Char(' ') + advice(config);
    return h;
}

}  // namespace moe::ui
