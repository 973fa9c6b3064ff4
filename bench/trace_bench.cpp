// The routing-trace benchmark (issue 20): writes a trace of the size of a real recording -
// by default 100,000 tokens x 48 MoE layers x 128 experts, top-8, in 512-token sequences of 4
// labelled domains with token texts (a Qwen3-30B-A3B-sized model over a 100k-token text) -
// and, in a separate run so that the writing does not count, opens it as `moe trace-stats`
// does: readTraceFile then computeTraceStats, timed, with the peak resident memory of the
// process. Targets: under 5 s on 2 cores and under 1 GiB (docs/benchmarks.md, "Routing traces").
//
//   moe_bench_trace --write /tmp/big.safetensors [--tokens 100000 --layers 48 --experts 128 --top-k 8]
//   moe_bench_trace --open /tmp/big.safetensors [--repeat 3]
//   /usr/bin/time -v moe trace-stats /tmp/big.safetensors --json > /dev/null   # the user's view
#include "core/trace/trace_reader.h"
#include "core/trace/trace_stats.h"
#include "core/trace/trace_writer.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
    std::string write, open;
    std::size_t tokens = 100'000;
    int layers = 48, experts = 128, topK = 8, repeat = 1;
};

double peakResidentMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

/// Skewed, layer-dependent routing: expert e of layer l is chosen with weight 1 / (1 + rank)^0.8
/// for a rank that rotates with the layer, plus a domain preference, so loads, co-activation
/// and the label NMI all have something to show.
moe::RoutingTrace generate(const Options& o) {
    moe::RoutingTrace t;
    moe::TraceMeta& m = t.meta;
    m.model = "synthetic-" + std::to_string(o.experts) + "x" + std::to_string(o.topK);
    m.source = "bench/trace_bench.cpp";
    m.experts = o.experts;
    m.topK = o.topK;
    for (int l = 0; l < o.layers; ++l) m.moeLayers.push_back(l);
    m.weights = moe::WeightRecipe::SoftmaxTopkRenormalised;
    m.labels = {"code", "prose", "math", "chat"};
    const std::size_t T = o.tokens;
    const auto E = static_cast<std::size_t>(o.experts), k = static_cast<std::size_t>(o.topK);
    std::mt19937_64 rng(20);
    t.sequence.resize(T);
    t.position.resize(T);
    t.label.resize(T);
    t.textOffsets.push_back(0);
    for (std::size_t i = 0; i < T; ++i) {
        t.sequence[i] = static_cast<std::int32_t>(i / 512);
        t.position[i] = static_cast<std::int32_t>(i % 512);
        t.label[i] = static_cast<std::int32_t>((i / 512) % 4);
        t.textBytes += " tok" + std::to_string(rng() % 50'000);
        t.textOffsets.push_back(t.textBytes.size());
    }
    t.expertIds.resize(static_cast<std::size_t>(o.layers) * T * k);
    t.weights.resize(t.expertIds.size());
    std::vector<std::uint32_t> stamp(E, 0);
    std::uint32_t row = 0;
    for (int l = 0; l < o.layers; ++l) {
        std::vector<std::discrete_distribution<int>> byDomain;
        for (int d = 0; d < 4; ++d) {
            std::vector<double> w(E);
            for (std::size_t e = 0; e < E; ++e) {
                const std::size_t rank = (e + static_cast<std::size_t>(l) * 7) % E;
                w[e] = 1.0 / std::pow(1.0 + static_cast<double>(rank), 0.8) * ((e % 4) == static_cast<std::size_t>(d) ? 2.0 : 1.0);
            }
            byDomain.emplace_back(w.begin(), w.end());
        }
        for (std::size_t i = 0; i < T; ++i) {
            ++row;
            const std::size_t base = t.slot(l, i, 0);
            float sum = 0.0f;
            for (std::size_t r = 0; r < k; ++r) {
                int e;
                do e = byDomain[static_cast<std::size_t>(t.label[i])](rng);
                while (stamp[static_cast<std::size_t>(e)] == row);
                stamp[static_cast<std::size_t>(e)] = row;
                t.expertIds[base + r] = static_cast<std::uint16_t>(e);
                t.weights[base + r] = std::exp(-0.3f * static_cast<float>(r)) * (0.5f + static_cast<float>(rng() % 1000) / 2000.0f);
                sum += t.weights[base + r];
            }
            for (std::size_t r = 0; r < k; ++r) t.weights[base + r] /= sum;
        }
    }
    return t;
}

int open(const Options& o) {
    for (int run = 0; run < o.repeat; ++run) {
        const auto start = std::chrono::steady_clock::now();
        moe::Result<moe::RoutingTrace> trace = moe::readTraceFile(o.open);
        if (!trace) {
            std::fprintf(stderr, "%s\n", trace.error().c_str());
            return 2;
        }
        const auto read = std::chrono::steady_clock::now();
        const moe::TraceStats stats = moe::computeTraceStats(trace.value());
        const auto done = std::chrono::steady_clock::now();
        const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
        std::printf("run %d: read %.3f s, stats %.3f s, open %.3f s; %zu tokens x %d layers x %d experts, top-%d; "
                    "layer 0 CV %.3f; peak resident %.0f MiB\n",
                    run + 1, seconds(start, read), seconds(read, done), seconds(start, done), stats.tokens,
                    trace.value().layers(), trace.value().meta.experts, trace.value().meta.topK,
                    stats.layers.front().loadCv, peakResidentMiB());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--write") o.write = v;
        else if (a == "--open") o.open = v;
        else if (a == "--tokens") o.tokens = std::strtoull(v.c_str(), nullptr, 10);
        else if (a == "--layers") o.layers = std::atoi(v.c_str());
        else if (a == "--experts") o.experts = std::atoi(v.c_str());
        else if (a == "--top-k") o.topK = std::atoi(v.c_str());
        else if (a == "--repeat") o.repeat = std::max(1, std::atoi(v.c_str()));
        else {
            std::fprintf(stderr, "moe_bench_trace: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    if (o.write.empty() == o.open.empty()) {
        std::fprintf(stderr, "usage: moe_bench_trace --write FILE [--tokens N --layers L --experts E --top-k K] | "
                             "--open FILE [--repeat N]\n");
        return 2;
    }
    if (!o.open.empty()) return open(o);
    const auto start = std::chrono::steady_clock::now();
    const moe::RoutingTrace t = generate(o);
    if (moe::Status s = moe::writeTraceFile(o.write, t); !s) {
        std::fprintf(stderr, "%s\n", s.error().c_str());
        return 2;
    }
    std::printf("wrote %s: %zu tokens x %d layers x %d experts, top-%d in %.1f s\n", o.write.c_str(), o.tokens,
                o.layers, o.experts, o.topK,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
}
