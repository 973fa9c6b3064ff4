// libFuzzer target: bytes as a routing trace (docs/trace-format.md, the file of `moe
// trace-stats` and `moe-explorer --trace`). A refused file gives one printable line naming it;
// a loaded trace keeps the invariants the format promises (every tensor sized by the meta,
// expert ids in range and distinct per token, weights and scores finite, text offsets rising
// within the text), its statistics are finite where they must be, and it survives save and
// reload: the file written from the reloaded trace equals the one written from the first.
#include "tests/fuzz/fuzz_check.h"

#include "core/trace/trace_reader.h"
#include "core/trace/trace_stats.h"
#include "core/trace/trace_writer.h"

#include <cmath>
#include <fstream>

namespace {

void checkInvariants(const moe::RoutingTrace& t) {
    const std::size_t L = static_cast<std::size_t>(t.layers()), E = static_cast<std::size_t>(t.meta.experts),
                      k = static_cast<std::size_t>(t.meta.topK);
    if (t.countsOnly) {
        if (t.counts.size() != t.steps * L * E) fuzz::broken("counts of the wrong size");
        return;
    }
    const std::size_t T = t.tokens();
    if (t.position.size() != T || t.expertIds.size() != L * T * k || t.weights.size() != L * T * k)
        fuzz::broken("a tensor not sized by the meta");
    if (t.hasLabels() && (t.label.size() != T || t.meta.labels.empty())) fuzz::broken("labels of the wrong size");
    if (t.hasScores() && t.scores.size() != L * T * E) fuzz::broken("scores of the wrong size");
    if (t.hasText() && (t.textOffsets.size() != T + 1 || t.textOffsets.back() != t.textBytes.size()))
        fuzz::broken("text offsets that do not end at the text's length");
    for (std::size_t row = 0; row < L * T; ++row)
        for (std::size_t r = 0; r < k; ++r) {
            if (t.expertIds[row * k + r] >= E) fuzz::broken("an expert id out of range");
            for (std::size_t q = 0; q < r; ++q)
                if (t.expertIds[row * k + q] == t.expertIds[row * k + r]) fuzz::broken("an expert chosen twice");
        }
    for (float w : t.weights)
        if (!std::isfinite(w)) fuzz::broken("a weight that is not finite");
    for (float s : t.scores)
        if (!std::isfinite(s)) fuzz::broken("a score that is not finite");
}

void checkStats(const moe::TraceStats& s) {
    for (const moe::LayerTraceStats& l : s.layers)
        if (!std::isfinite(l.loadCv) || !std::isfinite(l.maxViolation) || !std::isfinite(l.usageEntropy) ||
            l.loadCv < 0 || l.usageEntropy < -1e-9 || l.usageEntropy > 1 + 1e-9)
            fuzz::broken("a load figure that is not finite or out of its range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, "trace.safetensors");
    moe::Result<moe::RoutingTrace> loaded = moe::readTraceFile(path);
    if (!loaded) {
        fuzz::checkRefusal(loaded.error(), path);
        return 0;
    }
    checkInvariants(loaded.value());
    checkStats(moe::computeTraceStats(loaded.value()));
    const std::string bytes = moe::traceFileBytes(loaded.value());
    const std::string again = path + ".saved";
    std::ofstream(again, std::ios::binary) << bytes;
    moe::Result<moe::RoutingTrace> reloaded = moe::readTraceFile(again);
    if (!reloaded) fuzz::broken("a saved trace does not load: " + reloaded.error());
    if (moe::traceFileBytes(reloaded.value()) != bytes) fuzz::broken("a trace changed in save and reload");
    return 0;
}
