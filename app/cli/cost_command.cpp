#include "app/cli/cost_command.h"

#include "app/cli/cli_common.h"
#include "core/io/json_file.h"
#include "core/io/json_text.h"
#include "core/scale/expert_parallel.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_config_json.h"
#include "core/scale/llm_cost.h"
#include "core/scale/llm_cost_json.h"
#include "core/scale/llm_presets.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

namespace moe::cli {
namespace {

using Json = nlohmann::ordered_json;

/// 1.23e12 -> "1.23 T" (FLOPs, bytes): the figures of a large model read at a glance.
std::string si(double value, const char* unit = "") {
    const char* prefixes[] = {"", "K", "M", "G", "T", "P", "E"};
    int i = 0;
    double v = value;
    while (std::fabs(v) >= 1000.0 && i < 6) {
        v /= 1000.0;
        ++i;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, i == 0 ? "%.0f %s%s" : "%.2f %s%s", v, prefixes[i], unit);
    return buffer;
}

/// A parameter count the way model cards write it: 671.03B, 926.68M.
std::string params(double value) {
    const char* suffixes[] = {"", "K", "M", "B", "T"};
    int i = 0;
    double v = value;
    while (std::fabs(v) >= 1000.0 && i < 4) {
        v /= 1000.0;
        ++i;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, i == 0 ? "%.0f%s" : "%.2f%s", v, suffixes[i]);
    return buffer;
}

/// The array of a JSON file of `kind`: the document itself, or its member `key` (the name it
/// has in the JSON other commands print). `take` turns an element into a value, or returns
/// nullopt with `what` it expected.
template <class T, class Take>
Result<std::vector<T>> readArrayFile(const std::string& path, const char* kind, const char* key,
                                     const char* what, Take take) {
    Result<Json> doc = readJsonFile(path, kind, 1u << 24);
    if (!doc) return Error{doc.error()};
    const Json* array = &doc.value();
    if (array->is_object() && array->contains(key)) array = &(*array)[key];
    if (!array->is_array())
        return Error{path + ": expected an array (or an object with \"" + key + "\")"};
    std::vector<T> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::optional<T> v = take((*array)[i]);
        if (!v) return Error{path + ": [" + std::to_string(i) + "]: expected " + what};
        values.push_back(*v);
    }
    return values;
}

/// Each routed expert's load: an array, or the routing object `moe train --json` prints.
Result<std::vector<double>> readLoads(const std::string& path) {
    return readArrayFile<double>(path, "loads file", "expert_load", "a number",
                                 [](const Json& v) -> std::optional<double> {
                                     if (!v.is_number()) return std::nullopt;
                                     return v.get<double>();
                                 });
}

/// Entry e the rank of expert e: an array, or the expert_parallel object `moe cost --json`
/// prints.
Result<std::vector<int>> readPlacement(const std::string& path) {
    return readArrayFile<int>(path, "placement file", "rank_of_expert",
                              "a rank (a whole number from 0)",
                              [](const Json& v) -> std::optional<int> {
                                  if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
                                      v.get<std::int64_t>() > 1'000'000)
                                      return std::nullopt;
                                  return v.get<int>();
                              });
}

void printParts(const LlmCost& c) {
    std::printf("%-16s %12s %12s\n", "parameters", "total", "active");
    for (LlmPart p : allLlmParts())
        std::printf("  %-14s %12s %12s\n", llmPartName(p), params(c.paramsTotal[p]).c_str(),
                    params(c.paramsActive[p]).c_str());
    std::printf("  %-14s %12s %12s\n", "all", params(c.paramsTotal.total()).c_str(),
                params(c.paramsActive.total()).c_str());
}

void printCost(const LlmDescription& d, const LlmCost& c, WeightDtype dtype) {
    std::printf("%s\n", d.config.name.empty() ? "(unnamed model)" : d.config.name.c_str());
    if (!d.config.source.empty()) std::printf("config: %s\n", d.config.source.c_str());
    std::printf("\n");
    printParts(c);
    if (d.published) {
        const PublishedFigures& p = *d.published;
        std::printf("\npublished: %s total, %s active (%s)\n", params(p.paramsTotal).c_str(),
                    params(p.paramsActive).c_str(), p.source.c_str());
        std::printf("ours counted alike: %s total (%+.2f%%), %s active (%+.2f%%)\n",
                    params(c.paramsTotal.totalWithout(p.totalWithout)).c_str(),
                    100.0 * (c.paramsTotal.totalWithout(p.totalWithout) / p.paramsTotal - 1.0),
                    params(c.paramsActive.totalWithout(p.activeWithout)).c_str(),
                    100.0 * (c.paramsActive.totalWithout(p.activeWithout) / p.paramsActive - 1.0));
        if (!p.note.empty()) std::printf("%s\n", p.note.c_str());
    }
    std::printf("\nFLOPs per token at context %d: decode %s (attention context %s), prefill %s "
                "(attention context %s)\n",
                c.context, si(c.decode.total()).c_str(), si(c.decode.attentionContext).c_str(),
                si(c.prefill.total()).c_str(), si(c.prefill.attentionContext).c_str());
    std::printf("weights:");
    for (WeightDtype t : allWeightDtypes())
        std::printf(" %s %s%s", weightDtypeName(t), si(c.weightsBytes(t), "B").c_str(),
                    t == WeightDtype::Int4 ? "\n" : ",");
    std::printf("KV cache of one %d-token sequence (%s): %s\n", c.context, weightDtypeName(dtype),
                si(c.kvCacheBytes(dtype), "B").c_str());
    std::printf("dense, equal parameters: %s parameters, %s FLOPs per token (decode)\n",
                params(c.denseEqualParams.params).c_str(), si(c.denseEqualParams.decodeFlopsPerToken).c_str());
    std::printf("dense, equal compute:    %s parameters, %s FLOPs per token (decode)\n",
                params(c.denseEqualCompute.params).c_str(), si(c.denseEqualCompute.decodeFlopsPerToken).c_str());
    std::printf("MoE saves %.1f%% of the FLOPs of the dense model of equal parameters\n",
                100.0 * c.savingVsDenseParams());
}

void printExpertParallel(const ExpertParallelSetup& s, const ExpertParallelEstimate& ep,
                         const std::string& placement, const std::string& routing) {
    const auto [fewest, most] = std::minmax_element(ep.expertsPerRank.begin(), ep.expertsPerRank.end());
    std::printf("\nexpert parallel: %d ranks, %s placement, %s routing\n", ep.ranks,
                placement.c_str(), routing.c_str());
    std::printf("  experts per rank %d to %d; rank load max/mean %.3f, MaxVio %.3f\n", *fewest,
                *most, ep.imbalance, ep.maxViolation);
    std::printf("  all-to-all per token per MoE layer (%s): dispatch %.0f B + combine %.0f B = %.0f B\n",
                weightDtypeName(s.activationDtype), ep.dispatchBytesPerToken,
                ep.combineBytesPerToken, ep.allToAllBytesPerToken());
    std::printf("  one MoE layer, %.0f tokens per rank at %s, %s: busiest rank %d computes %.3f ms "
                "(balanced %.3f ms) and communicates %.3f ms: %.3f ms in turn, %.3f ms overlapped\n",
                s.tokensPerRank, si(s.rankFlopsPerSecond, "FLOP/s").c_str(),
                si(s.rankBytesPerSecond, "B/s").c_str(), ep.busiestRank, 1e3 * ep.computeSeconds,
                1e3 * ep.balancedComputeSeconds, 1e3 * ep.commSeconds, 1e3 * ep.stepSeconds,
                1e3 * ep.overlappedStepSeconds);
}

}  // namespace

CostCommand::CostCommand(CLI::App& parent)
    : m_app(parent.add_subcommand(
          "cost", "What a transformer MoE language model costs, and spreading its experts over ranks")) {
    CLI::App& a = *m_app;
    Options& o = m_options;
    a.add_option("--preset", o.preset, "A published model (see --list)");
    a.add_option("--config", o.config, "A model description FILE.json (docs/cli.md)");
    a.add_flag("--list", o.list, "List the presets with their published sizes");
    a.add_option("--context", o.context, "Context length of the FLOP count")->capture_default_str();
    a.add_option("--dtype", o.dtype, "Weights and activations: fp32, bf16, fp8 or int4")
        ->capture_default_str();
    a.add_option("--ep", o.ranks, "Expert parallelism: spread the routed experts over R ranks");
    a.add_option("--placement", o.placement,
                 "contiguous, round-robin, balanced (greedy by load) or FILE.json (a rank per expert)")
        ->capture_default_str();
    a.add_option("--loads", o.loads,
                 "FILE.json: each routed expert's load (default: uniform routing)");
    a.add_option("--tokens-per-rank", o.tokensPerRank, "Tokens on each rank in one step")
        ->capture_default_str();
    a.add_option("--rank-flops", o.rankFlops, "Sustained FLOP/s of one rank")->capture_default_str();
    a.add_option("--rank-bandwidth", o.rankBandwidth, "Network bytes/s of one rank, each direction")
        ->capture_default_str();
    a.add_flag("--json", o.json, "Print one JSON object on stdout");
}

bool CostCommand::selected() const { return m_app->parsed(); }

int CostCommand::list() const {
    Json presets = Json::array();
    for (const std::string& name : llmPresetNames()) {
        Result<LlmDescription> d = loadLlmPreset(name);
        if (!d) return fail(d.error());
        Json item = {{"name", name}, {"source", d.value().config.source}};
        if (d.value().published) item["published"] = publishedToJson(*d.value().published);
        presets.push_back(std::move(item));
    }
    if (m_options.json) {
        std::cout << toJsonText({{"presets", std::move(presets)}}) << '\n';
        return kExitOk;
    }
    std::printf("%-16s %10s %10s\n", "preset", "total", "active");
    for (const Json& p : presets)
        std::printf("%-16s %10s %10s\n", p["name"].get<std::string>().c_str(),
                    params(p["published"]["params_total"].get<double>()).c_str(),
                    params(p["published"]["params_active"].get<double>()).c_str());
    std::printf("\n(published figures; 'moe cost --preset NAME' shows ours and the sources)\n");
    return kExitOk;
}

int CostCommand::run() {
    const Options& o = m_options;
    if (o.list) {
        if (!o.preset.empty() || !o.config.empty()) return fail("--list: takes no --preset or --config");
        return list();
    }
    if (o.preset.empty() == o.config.empty())
        return fail("give one of --preset NAME or --config FILE.json (see 'moe cost --list')");
    if (o.context < 1 || o.context > 100'000'000)
        return fail("--context: must be between 1 and 100000000, got " + std::to_string(o.context));
    const std::optional<WeightDtype> dtype = weightDtypeFromName(o.dtype);
    if (!dtype) return fail("--dtype: must be fp32, bf16, fp8 or int4, got '" + o.dtype + "'");
    if (o.ranks == 0) {
        for (const char* option : {"--placement", "--loads", "--tokens-per-rank", "--rank-flops",
                                   "--rank-bandwidth"})
            if (m_app->count(option) > 0) return fail(std::string(option) + ": only with --ep R");
    }

    Result<LlmDescription> read = o.preset.empty() ? readLlmDescriptionFile(o.config) : loadLlmPreset(o.preset);
    if (!read) return fail((o.preset.empty() ? "--config: " : "--preset: ") + read.error());
    const LlmDescription& d = read.value();
    const LlmCost cost = computeLlmCost(d.config, o.context);
    Json j = llmCostToJson(d, cost, *dtype);

    std::optional<ExpertParallelEstimate> ep;
    ExpertParallelSetup setup;
    std::string routing = "uniform";
    if (m_app->count("--ep") > 0) {
        const int E = d.config.moe.experts;
        if (o.ranks < 1 || o.ranks > E)
            return fail("--ep: must be between 1 and the experts (" + std::to_string(E) + "), got " +
                        std::to_string(o.ranks));
        const std::pair<double, const char*> rates[] = {{o.tokensPerRank, "--tokens-per-rank"},
                                                         {o.rankFlops, "--rank-flops"},
                                                         {o.rankBandwidth, "--rank-bandwidth"}};
        for (const auto& [value, option] : rates)
            if (!(value > 0.0) || !std::isfinite(value))
                return fail(std::string(option) + ": must be a positive number");
        setup.ranks = o.ranks;
        setup.activationDtype = *dtype;
        setup.tokensPerRank = o.tokensPerRank;
        setup.rankFlopsPerSecond = o.rankFlops;
        setup.rankBytesPerSecond = o.rankBandwidth;
        if (!o.loads.empty()) {
            Result<std::vector<double>> loads = readLoads(o.loads);
            if (!loads) return fail("--loads: " + loads.error());
            setup.loads = std::move(loads).value();
            if (setup.loads.size() != static_cast<std::size_t>(E))
                return fail("--loads: " + o.loads + ": must give one load for each of the " +
                            std::to_string(E) + " experts, got " + std::to_string(setup.loads.size()));
            routing = o.loads;
        }
        if (const std::optional<Placement> p = placementFromName(o.placement)) {
            Result<std::vector<int>> where = placeExperts(*p, E, o.ranks, setup.loads);
            if (!where) return fail("--ep: " + where.error());
            setup.rankOfExpert = std::move(where).value();
        } else {
            Result<std::vector<int>> where = readPlacement(o.placement);
            if (!where) return fail("--placement: must be contiguous, round-robin, balanced or FILE.json: " +
                                    where.error());
            if (Status s = checkPlacement(where.value(), E, o.ranks); !s)
                return fail("--placement: " + o.placement + ": " + s.error());
            setup.rankOfExpert = std::move(where).value();
        }
        Result<ExpertParallelEstimate> estimate = estimateExpertParallel(d.config, cost, setup);
        if (!estimate) return fail("--ep: " + estimate.error());
        ep = std::move(estimate).value();
        addExpertParallel(j, setup, *ep, o.placement, routing);
    }

    if (o.json) {
        std::cout << toJsonText(j) << '\n';
        return kExitOk;
    }
    printCost(d, cost, *dtype);
    if (ep) printExpertParallel(setup, *ep, o.placement, routing);
    return kExitOk;
}

}  // namespace moe::cli
