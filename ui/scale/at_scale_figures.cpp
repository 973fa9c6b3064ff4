#include "ui/scale/at_scale_figures.h"

#include "core/scale/llm_config.h"
#include "core/scale/llm_part.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <string>

namespace moe::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("moe::ui::AtScaleView", text); }

AtScaleFigures failed(AtScaleFigures f, const std::string& message) {
    f.error = QString::fromStdString(message);
    f.errorField = f.error.section(QLatin1Char(':'), 0, 0).section(QLatin1Char('['), 0, 0).trimmed();
    return f;
}

QString scaled(double value, const char* const* prefixes, int count, const QString& unit, int decimals) {
    int i = 0;
    double v = value;
    while (std::fabs(v) >= 1000.0 && i < count - 1) {
        v /= 1000.0;
        ++i;
    }
    return QStringLiteral("%1 %2%3").arg(v, 0, 'f', i == 0 ? 0 : decimals).arg(QString::fromLatin1(prefixes[i]), unit);
}

}  // namespace

double AtScaleFigures::weightsBytesPerRank(moe::WeightDtype dtype) const {
    if (!ep || ep->expertsPerRank.empty()) return cost.weightsBytes(dtype);
    const double routed = cost.paramsTotal[moe::LlmPart::RoutedExperts];
    const double experts = static_cast<double>(ep->rankOfExpert.size());
    const int most = *std::max_element(ep->expertsPerRank.begin(), ep->expertsPerRank.end());
    return ((cost.paramsTotal.total() - routed) + routed * most / experts) * moe::bytesPerValue(dtype);
}

AtScaleFigures computeAtScale(const AtScaleInput& in) {
    AtScaleFigures f;
    const moe::LlmConfig& config = in.model.config;
    if (moe::Status s = moe::validateLlmConfig(config); !s) return failed(f, s.error());
    if (in.context < 1 || in.context > 100'000'000)
        return failed(f, "context: must be between 1 and 100000000, got " + std::to_string(in.context));
    f.cost = moe::computeLlmCost(config, in.context);
    f.hasCost = true;

    const int experts = config.moe.experts;
    if (in.ranks < 1 || in.ranks > experts)
        return failed(f, "ranks: must be between 1 and the experts (" + std::to_string(experts) + "), got " +
                             std::to_string(in.ranks));
    const std::pair<double, const char*> rates[] = {{in.tokensPerRank, "tokens_per_rank"},
                                                     {in.rankFlopsPerSecond, "rank_flops"},
                                                     {in.rankBytesPerSecond, "rank_bandwidth"}};
    for (const auto& [value, field] : rates)
        if (!(value > 0.0) || !std::isfinite(value)) return failed(f, std::string(field) + ": must be a positive number");
    if (!in.loads.empty() && in.loads.size() != static_cast<std::size_t>(experts))
        return failed(f, "loads: must give one load for each of the " + std::to_string(experts) + " experts, got " +
                             std::to_string(in.loads.size()) + " (the loads of another model: press Uniform routing)");
    f.setup.ranks = in.ranks;
    f.setup.loads = in.loads;
    f.setup.activationDtype = in.dtype;
    f.setup.tokensPerRank = in.tokensPerRank;
    f.setup.rankFlopsPerSecond = in.rankFlopsPerSecond;
    f.setup.rankBytesPerSecond = in.rankBytesPerSecond;
    moe::Result<std::vector<int>> where = moe::placeExperts(in.placement, experts, in.ranks, in.loads);
    if (!where) return failed(f, "ranks: " + where.error());
    f.setup.rankOfExpert = std::move(where).value();
    moe::Result<moe::ExpertParallelEstimate> ep = moe::estimateExpertParallel(config, f.cost, f.setup);
    if (!ep) return failed(f, ep.error());
    f.ep = std::move(ep).value();
    return f;
}

QString formatParams(double count) {
    static const char* const suffixes[] = {"", "K", "M", "B", "T"};
    return scaled(count, suffixes, 5, QString(), 2).remove(QLatin1Char(' '));
}

QString formatBytes(double bytes) {
    static const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
    return scaled(bytes, prefixes, 6, QStringLiteral("B"), 2);
}

QString formatFlops(double flops) {
    static const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
    return scaled(flops, prefixes, 6, QStringLiteral("FLOP"), 2);
}

QString formatSeconds(double seconds) {
    if (seconds >= 1.0) return QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
    if (seconds >= 1e-3) return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', 3);
    return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', 1);
}

QString partLabel(int part) {
    switch (static_cast<moe::LlmPart>(part)) {
    case moe::LlmPart::Embedding: return tr("embedding");
    case moe::LlmPart::Unembedding: return tr("unembedding");
    case moe::LlmPart::Attention: return tr("attention");
    case moe::LlmPart::Router: return tr("router");
    case moe::LlmPart::RoutedExperts: return tr("routed experts");
    case moe::LlmPart::SharedExperts: return tr("shared experts");
    case moe::LlmPart::DenseFfn: return tr("dense FFN");
    case moe::LlmPart::Norms: return tr("norms");
    }
    return {};
}

}  // namespace moe::ui

namespace moe::ui {
namespace {

const QColor kDense(0xA6, 0xA6, 0xA6);
const QColor kCompute(0x44, 0x77, 0xAA);
const QColor kComm(0xEE, 0x88, 0x66);
const QColor kWeights(0x77, 0xAA, 0xDD);
const QColor kKvCache(0xEE, 0xDD, 0x88);

// Paul Tol's "light" scheme: distinct from the experts' own colours, which mean experts.
QColor partColor(moe::LlmPart part) {
    switch (part) {
    case moe::LlmPart::Embedding: return {0x77, 0xAA, 0xDD};
    case moe::LlmPart::Unembedding: return {0x99, 0xDD, 0xFF};
    case moe::LlmPart::Attention: return {0x44, 0xBB, 0x99};
    case moe::LlmPart::Router: return {0xEE, 0xDD, 0x88};
    case moe::LlmPart::RoutedExperts: return {0xEE, 0x88, 0x66};
    case moe::LlmPart::SharedExperts: return {0xFF, 0xAA, 0xBB};
    case moe::LlmPart::DenseFfn: return {0xAA, 0xAA, 0x00};
    case moe::LlmPart::Norms: return {0xDD, 0xDD, 0xDD};
    }
    return kDense;
}
const QColor kAttentionContext(0xBB, 0xCC, 0x33);

BarRow partsRow(const QString& label, const moe::PartCounts& counts) {
    BarRow row{label, {}, formatParams(counts.total())};
    for (moe::LlmPart part : moe::allLlmParts())
        if (counts[part] > 0.0) row.segments.append({counts[part], partColor(part)});
    return row;
}

BarRow plainRow(const QString& label, double value, const QColor& color, const QString& text) {
    return {label, {{value, color}}, text};
}

}  // namespace

BarChart parameterFlopBars(const moe::LlmCost& c) {
    BarChart chart;
    BarGroup params{tr("Parameters"), {}};
    params.rows.append(partsRow(tr("MoE, total"), c.paramsTotal));
    params.rows.append(partsRow(tr("MoE, active"), c.paramsActive));
    params.rows.append(plainRow(tr("Dense = params"), c.denseEqualParams.params, kDense,
                                formatParams(c.denseEqualParams.params)));
    params.rows.append(plainRow(tr("Dense = compute"), c.denseEqualCompute.params, kDense,
                                formatParams(c.denseEqualCompute.params)));
    chart.groups.append(params);

    const moe::TokenFlops& d = c.decode;
    BarGroup flops{tr("FLOPs per token (decoding, context %1)").arg(c.context), {}};
    BarRow moeRow{tr("MoE"), {}, formatFlops(d.total())};
    const std::pair<double, QColor> parts[] = {
        {d.attentionProjections, partColor(moe::LlmPart::Attention)}, {d.attentionContext, kAttentionContext},
        {d.router + d.combine, partColor(moe::LlmPart::Router)},      {d.routedExperts, partColor(moe::LlmPart::RoutedExperts)},
        {d.sharedExperts, partColor(moe::LlmPart::SharedExperts)},    {d.denseFfn, partColor(moe::LlmPart::DenseFfn)},
        {d.unembedding, partColor(moe::LlmPart::Unembedding)}};
    for (const auto& [value, color] : parts)
        if (value > 0.0) moeRow.segments.append({value, color});
    flops.rows.append(moeRow);
    flops.rows.append(plainRow(tr("Dense = params"), c.denseEqualParams.decodeFlopsPerToken, kDense,
                               formatFlops(c.denseEqualParams.decodeFlopsPerToken)));
    flops.rows.append(plainRow(tr("Dense = compute"), c.denseEqualCompute.decodeFlopsPerToken, kDense,
                               formatFlops(c.denseEqualCompute.decodeFlopsPerToken)));
    chart.groups.append(flops);

    for (moe::LlmPart part : moe::allLlmParts())
        if (c.paramsTotal[part] > 0.0) chart.key.append({partLabel(static_cast<int>(part)), partColor(part)});
    chart.key.append({tr("attention context"), kAttentionContext});
    chart.key.append({tr("dense baseline"), kDense});
    return chart;
}

BarChart memoryBars(const AtScaleFigures& f) {
    BarChart chart;
    BarGroup all{tr("Weights + KV cache of a %1-token sequence").arg(f.cost.context), {}};
    BarGroup rank{f.ep ? tr("Weights per rank, %1 ranks").arg(f.ep->ranks) : QString(), {}};
    for (moe::WeightDtype dtype : moe::allWeightDtypes()) {
        const QString name = QString::fromLatin1(moe::weightDtypeName(dtype));
        const double weights = f.cost.weightsBytes(dtype);
        const double kv = f.cost.kvCacheBytes(dtype);
        all.rows.append({name, {{weights, kWeights}, {kv, kKvCache}},
                         tr("%1 + %2").arg(formatBytes(weights), formatBytes(kv))});
        if (f.ep) {
            const double perRank = f.weightsBytesPerRank(dtype);
            rank.rows.append(plainRow(name, perRank, kWeights, formatBytes(perRank)));
        }
    }
    chart.groups.append(all);
    if (f.ep) chart.groups.append(rank);
    chart.key = {{tr("weights"), kWeights}, {tr("KV cache"), kKvCache}};
    return chart;
}

BarChart stepTimeBars(const AtScaleFigures& f) {
    BarChart chart;
    if (!f.ep) return chart;
    const moe::ExpertParallelEstimate& ep = *f.ep;
    BarGroup step{tr("One MoE layer, %1 tokens per rank").arg(f.setup.tokensPerRank, 0, 'f', 0), {}};
    step.rows.append({tr("Rank %1, in turn").arg(ep.busiestRank + 1),
                      {{ep.computeSeconds, kCompute}, {ep.commSeconds, kComm}},
                      formatSeconds(ep.stepSeconds)});
    step.rows.append({tr("Overlapped"),
                      {{ep.overlappedStepSeconds, ep.computeSeconds >= ep.commSeconds ? kCompute : kComm}},
                      formatSeconds(ep.overlappedStepSeconds)});
    step.rows.append(plainRow(tr("Even load"), ep.balancedComputeSeconds, kCompute, formatSeconds(ep.balancedComputeSeconds)));
    chart.groups.append(step);
    chart.key = {{tr("compute"), kCompute}, {tr("all-to-all"), kComm}};
    return chart;
}

}  // namespace moe::ui
