#include "core/scale/llm_cost_json.h"

#include "core/scale/llm_config_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

// Parameter counts are whole numbers far below 2^53: written as integers.
Json count(double value) { return static_cast<std::int64_t>(std::llround(value)); }

Json partsToJson(const PartCounts& parts) {
    Json j = Json::object();
    for (LlmPart p : allLlmParts()) j[llmPartName(p)] = count(parts[p]);
    return j;
}

Json flopsToJson(const TokenFlops& f) {
    return Json{{"attention_projections", f.attentionProjections},
                {"attention_context", f.attentionContext},
                {"router", f.router},
                {"routed_experts", f.routedExperts},
                {"shared_experts", f.sharedExperts},
                {"dense_ffn", f.denseFfn},
                {"combine", f.combine},
                {"unembedding", f.unembedding},
                {"total", f.total()}};
}

Json baselineToJson(const DenseBaselineCost& b) {
    return Json{{"params_total", count(b.params)},
                {"params_active", count(b.params)},
                {"flops_per_token", b.decodeFlopsPerToken},
                {"flops_per_token_prefill", b.prefillFlopsPerToken}};
}

Json publishedBeside(const PublishedFigures& p, const LlmCost& cost) {
    Json j = publishedToJson(p);
    const double total = cost.paramsTotal.totalWithout(p.totalWithout);
    const double active = cost.paramsActive.totalWithout(p.activeWithout);
    j["ours_total_counted_alike"] = count(total);
    j["ours_active_counted_alike"] = count(active);
    j["total_deviation"] = total / p.paramsTotal - 1.0;
    j["active_deviation"] = active / p.paramsActive - 1.0;
    return j;
}

}  // namespace

Json llmCostToJson(const LlmDescription& d, const LlmCost& cost, WeightDtype dtype) {
    Json j = Json::object();
    j["model"] = {{"name", d.config.name}, {"source", d.config.source}};
    Json config = llmConfigToJson(d.config);
    config["context"] = cost.context;
    config["dtype"] = weightDtypeName(dtype);
    j["config"] = config;
    j["params_total"] = count(cost.paramsTotal.total());
    j["params_active"] = count(cost.paramsActive.total());
    j["params_by_part"] = {{"total", partsToJson(cost.paramsTotal)},
                           {"active", partsToJson(cost.paramsActive)}};
    j["flops_per_token"] = cost.decode.total();
    j["flops_per_token_prefill"] = cost.prefill.total();
    j["flops_by_part"] = {{"decode", flopsToJson(cost.decode)}, {"prefill", flopsToJson(cost.prefill)}};
    j["weights_bytes"] = cost.weightsBytes(dtype);
    Json byDtype = Json::object();
    for (WeightDtype t : allWeightDtypes()) byDtype[weightDtypeName(t)] = cost.weightsBytes(t);
    j["weights_bytes_by_dtype"] = byDtype;
    j["kv_cache_bytes"] = cost.kvCacheBytes(dtype);
    j["dense_equal_params"] = baselineToJson(cost.denseEqualParams);
    j["dense_equal_compute"] = baselineToJson(cost.denseEqualCompute);
    j["savings"] = {{"flops_vs_dense_equal_params", cost.savingVsDenseParams()}};
    if (d.published) j["published"] = publishedBeside(*d.published, cost);
    j["conventions"] = {
        {"flops", "forward FLOPs per token, 2 per multiply-add; matrix products and attention's "
                  "score and value products only (no norms, activations, softmax or biases); the "
                  "embedding lookup costs 0, the unembedding 2 hidden vocab"},
        {"flops_per_token", "decoding one token whose attention reads `context` positions"},
        {"flops_per_token_prefill", "mean per token over a prompt of `context` tokens (token i "
                                    "reads i positions, at most the window on sliding layers)"},
        {"params_active", "every parameter a token uses: all but the routed experts not chosen, "
                          "the whole embedding table included"},
        {"weights_bytes", "params_total at the dtype; int4 is half a byte, no quantisation scales"},
        {"kv_cache_bytes", "one sequence of `context` tokens at the dtype: K and V of every kv "
                           "head, or MLA's latent and rope key"},
        {"dense_equal_params", "every MoE FFN replaced by one dense FFN of width experts x "
                               "intermediate + the shared experts; no router"},
        {"dense_equal_compute", "every MoE FFN replaced by one dense FFN of width top_k x "
                                "intermediate + the shared experts; no router"}};
    return j;
}

void addExpertParallel(Json& j, const ExpertParallelSetup& s, const ExpertParallelEstimate& ep,
                       const std::string& placement, const std::string& routing) {
    j["all_to_all_bytes_per_token_per_layer"] = ep.allToAllBytesPerToken();
    j["expert_parallel"] = {
        {"ranks", ep.ranks},
        {"placement", placement},
        {"routing", routing},
        {"activation_dtype", weightDtypeName(s.activationDtype)},
        {"rank_of_expert", ep.rankOfExpert},
        {"experts_per_rank", ep.expertsPerRank},
        {"expert_load", ep.expertLoad},
        {"rank_load", ep.rankLoad},
        {"imbalance_max_over_mean", ep.imbalance},
        {"max_violation", ep.maxViolation},
        {"remote_fraction", ep.remoteFraction},
        {"dispatch_bytes_per_token_per_layer", ep.dispatchBytesPerToken},
        {"combine_bytes_per_token_per_layer", ep.combineBytesPerToken},
        {"all_to_all_bytes_per_token_per_layer", ep.allToAllBytesPerToken()},
        {"time_per_moe_layer",
         {{"tokens_per_rank", s.tokensPerRank},
          {"rank_flops_per_second", s.rankFlopsPerSecond},
          {"rank_bytes_per_second", s.rankBytesPerSecond},
          {"busiest_rank", ep.busiestRank},
          {"compute_seconds", ep.computeSeconds},
          {"communication_seconds", ep.commSeconds},
          {"balanced_compute_seconds", ep.balancedComputeSeconds},
          {"step_seconds", ep.stepSeconds},
          {"overlapped_step_seconds", ep.overlappedStepSeconds},
          {"rank_compute_seconds", ep.rankComputeSeconds},
          {"rank_communication_seconds", ep.rankCommSeconds}}},
        {"conventions",
         {{"tokens", "spread evenly over the ranks, independent of where their experts are"},
          {"all_to_all", "each token's hidden vector goes to every chosen routed expert on another "
                         "rank (dispatch) and the expert's output comes back (combine): 2 top_k "
                         "(1 - 1/ranks) hidden bytes per MoE layer; shared experts stay local"},
          {"time", "one MoE layer with its attention; the busiest rank's compute at "
                   "rank_flops_per_second plus its larger direction of traffic at "
                   "rank_bytes_per_second; overlapped: the larger of the two"}}}};
}

}  // namespace moe
