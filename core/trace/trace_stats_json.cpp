#include "core/trace/trace_stats_json.h"

#include "core/io/json_fields.h"
#include "core/trace/trace_reader.h"

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

Json numbers(const std::vector<double>& values) {
    Json a = Json::array();
    for (double v : values) a.push_back(numberOrNull(v));
    return a;
}

Json layerToJson(const LayerTraceStats& s, bool countsOnly, bool labelled) {
    Json pairs = Json::array();
    for (const CoActivationPair& p : s.topPairs)
        pairs.push_back({{"experts", {p.a, p.b}}, {"count", p.count}, {"lift", numberOrNull(p.lift)}});
    Json labelExpert = nullptr;
    if (labelled) {
        labelExpert = Json::array();
        for (const auto& row : s.labelExpert) labelExpert.push_back(numbers(row));
    }
    return {{"layer", s.layer},
            {"expert_count", numbers(s.expertCount)},
            {"expert_load", numbers(s.expertLoad)},
            {"load_cv", numberOrNull(s.loadCv)},
            {"max_violation", numberOrNull(s.maxViolation)},
            {"usage_entropy", numberOrNull(s.usageEntropy)},
            {"dead_experts", s.deadExperts},
            {"hot_experts", s.hotExperts},
            {"mean_top_weight", numberOrNull(s.meanTopWeight)},
            {"mean_weight_sum", numberOrNull(s.meanWeightSum)},
            {"score_entropy", numberOrNull(s.scoreEntropy)},
            {"co_activation_top", countsOnly ? Json(nullptr) : pairs},
            {"label_expert", labelExpert},
            {"label_expert_nmi", numberOrNull(s.labelExpertNmi)}};
}

Json conventions() {
    return {
        {"expert_count", "assignments of each expert over every token and every one of its top-k ranks"},
        {"expert_load", "expert_count / its sum"},
        {"load_cv", "population standard deviation / mean of expert_count"},
        {"max_violation", "(max - mean) / mean of expert_count"},
        {"usage_entropy", "-sum f ln f / ln E of expert_load; 1 = balanced"},
        {"dead_experts", "experts with no assignment in the trace"},
        {"hot_experts", "experts with at least twice the mean count"},
        {"mean_top_weight", "mean weight of a token's first choice"},
        {"mean_weight_sum", "mean sum of a token's k weights (1 for renormalised recipes)"},
        {"score_entropy", "with router scores: mean entropy of softmax(scores) (sigmoid_bias: s / sum s) / ln E"},
        {"co_activation_top", "the pairs of experts chosen together by the most tokens; lift = count * T / (n_a * n_b), 1 = chance"},
        {"label_expert", "per label, the share of its tokens' assignments sent to each expert"},
        {"label_expert_nmi", "I(label; expert) / H(label) over the labelled tokens' assignments"},
        {"consistency", "between consecutive MoE layers: same_top1 = share of tokens whose first choice has the same id, "
                        "same_top1_chance = that share for independent choices, top1_nmi = I(first here; first next) / "
                        "H(first next), set_overlap = mean shared experts / k"},
    };
}

}  // namespace

Json traceStatsToJson(const RoutingTrace& trace, const TraceStats& stats, const std::string& file) {
    Json layers = Json::array();
    for (const LayerTraceStats& s : stats.layers) layers.push_back(layerToJson(s, stats.countsOnly, trace.hasLabels()));
    Json consistency = Json::array();
    for (const LayerConsistency& c : stats.consistency)
        consistency.push_back({{"from_layer", c.fromLayer},
                               {"to_layer", c.toLayer},
                               {"same_top1", numberOrNull(c.sameTop1)},
                               {"same_top1_chance", numberOrNull(c.sameTop1Chance)},
                               {"top1_nmi", numberOrNull(c.top1Nmi)},
                               {"set_overlap", numberOrNull(c.setOverlap)}});
    return {{"file", file},
            {"kind", stats.countsOnly ? "counts" : "tokens"},
            {"meta", traceMetaToJson(trace.meta)},
            {"tokens", stats.tokens},
            {"sequences", stats.countsOnly ? Json(nullptr) : Json(stats.sequences)},
            {"steps", stats.countsOnly ? Json(stats.steps) : Json(nullptr)},
            {"labelled_tokens", stats.labelledTokens},
            {"has_text", trace.hasText()},
            {"has_scores", trace.hasScores()},
            {"layers", std::move(layers)},
            {"consistency", stats.countsOnly ? Json(nullptr) : consistency},
            {"conventions", conventions()}};
}

}  // namespace moe
