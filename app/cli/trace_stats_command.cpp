#include "app/cli/trace_stats_command.h"

#include "app/cli/cli_common.h"
#include "core/io/json_text.h"
#include "core/trace/trace_reader.h"
#include "core/trace/trace_stats.h"
#include "core/trace/trace_stats_json.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace moe::cli {
namespace {

std::string idList(const std::vector<int>& ids, std::size_t most = 8) {
    if (ids.empty()) return "-";
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < most; ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    if (ids.size() > most) s += ",... (" + std::to_string(ids.size()) + ")";
    return s;
}

std::string orDash(double v, const char* format = "%.3f") {
    if (!std::isfinite(v)) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

void printStats(const RoutingTrace& trace, const TraceStats& stats) {
    const TraceMeta& m = trace.meta;
    std::printf("%s: %d experts, top-%d, %d shared, weights %s; %d MoE layers\n", m.model.c_str(), m.experts, m.topK,
                m.sharedExperts, weightRecipeName(m.weights), trace.layers());
    if (stats.countsOnly)
        std::printf("count-only trace: %zu steps, about %zu tokens\n\n", stats.steps, stats.tokens);
    else
        std::printf("%zu tokens in %zu sequences, %zu labelled%s\n\n", stats.tokens, stats.sequences,
                    stats.labelledTokens, trace.hasScores() ? ", with router scores" : "");
    std::printf("%6s %7s %7s %8s %-14s %-14s %-18s %s\n", "layer", "CV", "MaxVio", "entropy", "dead", "hot",
                "top pair (lift)", trace.hasLabels() ? "label NMI" : "");
    for (const LayerTraceStats& s : stats.layers) {
        std::string pair = "-";
        if (!s.topPairs.empty()) {
            const CoActivationPair& p = s.topPairs.front();
            pair = std::to_string(p.a) + "+" + std::to_string(p.b) + " (" + orDash(p.lift, "%.2f") + ")";
        }
        std::printf("%6d %7.3f %7.3f %8.3f %-14s %-14s %-18s %s\n", s.layer, s.loadCv, s.maxViolation, s.usageEntropy,
                    idList(s.deadExperts).c_str(), idList(s.hotExperts).c_str(), pair.c_str(),
                    trace.hasLabels() ? orDash(s.labelExpertNmi).c_str() : "");
    }
    if (!stats.consistency.empty()) {
        std::printf("\nconsistency between consecutive MoE layers\n%10s %10s %14s %9s %12s\n", "layers", "same top1",
                    "(by chance)", "top1 NMI", "set overlap");
        for (const LayerConsistency& c : stats.consistency) {
            const std::string layers = std::to_string(c.fromLayer) + "->" + std::to_string(c.toLayer);
            std::printf("%10s %10.3f %14.3f %9s %12.3f\n", layers.c_str(), c.sameTop1, c.sameTop1Chance,
                        orDash(c.top1Nmi).c_str(), c.setOverlap);
        }
    }
}

}  // namespace

TraceStatsCommand::TraceStatsCommand(CLI::App& parent)
    : m_app(parent.add_subcommand("trace-stats",
                                  "What a routing trace recorded from a real MoE model says about its router")) {
    m_app->add_option("file", m_file, "A routing trace (docs/trace-format.md)")->required();
    m_app->add_option("--pairs", m_pairs, "Co-activation pairs listed per layer")->capture_default_str();
    m_app->add_flag("--json", m_json, "Print one JSON object on stdout");
}

bool TraceStatsCommand::selected() const { return m_app->parsed(); }

int TraceStatsCommand::run() {
    if (m_pairs < 0 || m_pairs > 10'000) return fail("--pairs: must be between 0 and 10000, got " + std::to_string(m_pairs));
    Result<RoutingTrace> trace = readTraceFile(m_file);
    if (!trace) return fail(trace.error());
    TraceStatsOptions options;
    options.topPairs = m_pairs;
    const TraceStats stats = computeTraceStats(trace.value(), options);
    if (m_json) {
        std::cout << toJsonText(traceStatsToJson(trace.value(), stats, m_file)) << '\n';
        return kExitOk;
    }
    printStats(trace.value(), stats);
    return kExitOk;
}

}  // namespace moe::cli
