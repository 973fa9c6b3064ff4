#include "ui/settings/config_summary.h"

#include <QCoreApplication>

#include <cmath>

namespace moe::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("moe::ui::ConfigSummary", text);
}

QString percent(double share) {
    return QStringLiteral("%1%").arg(static_cast<int>(std::lround(100.0 * share)));
}

QString routing(const moe::RunConfig& c) {
    const moe::ModelConfig& m = c.model;
    const int E = m.experts;
    const int k = m.topK;
    const QString share = percent(static_cast<double>(k) / E);
    switch (m.router) {
        case moe::RouterKind::Dense:
            return tr("Every input runs all %1 experts: no sparsity, no saving.").arg(E);
        case moe::RouterKind::SoftmaxTopK:
            return tr("Each input runs %1 of %2 experts: %3 of the experts' compute.")
                .arg(k).arg(E).arg(share);
        case moe::RouterKind::Switch:
            return tr("Each input runs 1 of %1 experts (%2 of the experts' compute).")
                .arg(E).arg(percent(1.0 / E));
        case moe::RouterKind::NoisyTopK:
            return tr("Each input runs %1 of %2 experts (%3 of the experts' compute), chosen "
                      "with learned noise in training.")
                .arg(k).arg(E).arg(share);
        case moe::RouterKind::ExpertChoice:
            return tr("Each expert takes the best %1 of a batch, so an input runs %2 experts "
                      "on average, and every expert does the same work.")
                .arg(percent(m.expertChoiceFactor / E))
                .arg(m.expertChoiceFactor, 0, 'g', 3);
        case moe::RouterKind::TopP:
            return tr("Each input runs the fewest experts whose probabilities add up past %1: "
                      "from 1 to %2, fewer where the gate is sure.")
                .arg(m.topPThreshold, 0, 'g', 3).arg(E);
        case moe::RouterKind::SigmoidBias:
            if (c.train.balanceLoss > 0.0)
                return tr("Each input runs %1 of %2 experts (%3 of the experts' compute); a bias "
                          "evens out their load. Set the balance loss to 0 for DeepSeek-V3's "
                          "balancing without an auxiliary loss.")
                    .arg(k).arg(E).arg(share);
            return tr("Each input runs %1 of %2 experts (%3 of the experts' compute); a bias, "
                      "not a loss, evens out their load.")
                .arg(k).arg(E).arg(share);
        case moe::RouterKind::Hash:
            return tr("Each input runs %1 of %2 experts (%3 of the experts' compute) picked by "
                      "a fixed hash: nothing about routing is learned.")
                .arg(k).arg(E).arg(share);
    }
    return {};
}

}  // namespace

QString configSummary(const moe::RunConfig& config) {
    const moe::ModelConfig& m = config.model;
    QString text = routing(config);
    if (m.mode == moe::MoeMode::Block)
        text += QLatin1Char(' ') + (m.layers == 1 ? tr("The model has one residual MoE block.")
                                                  : tr("The model stacks %1 residual MoE blocks.")
                                                        .arg(m.layers));
    if (m.sharedExperts > 0)
        text += QLatin1Char(' ') + (m.sharedExperts == 1
                                        ? tr("A shared expert runs on every input too.")
                                        : tr("%1 shared experts run on every input too.")
                                              .arg(m.sharedExperts));
    if (m.groups > 1)
        text += QLatin1Char(' ') + tr("A two-level gate picks one of %1 groups, then an expert "
                                      "in it.").arg(m.groups);
    if (m.capacityFactor > 0.0 && m.router != moe::RouterKind::ExpertChoice)
        text += QLatin1Char(' ') + tr("In training an expert takes at most %1× an even "
                                      "share; the rest is dropped.")
                                       .arg(m.capacityFactor, 0, 'g', 3);
    return text;
}

}  // namespace moe::ui
