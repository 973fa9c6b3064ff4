#include "core/trace/trace_reader.h"

#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/trace/safetensors_file.h"
#include "core/util/quote_for_message.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <new>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kKnownTensors =
    "sequence, position, label, text_bytes, text_offsets, expert_ids, weights, scores, expert_counts";

/// Bytes per element of a known tensor once loaded into RoutingTrace; 0 for an unknown name.
std::uint64_t loadedBytes(const std::string& name) {
    static const std::pair<const char*, std::uint64_t> sizes[] = {
        {"sequence", 4}, {"position", 4}, {"label", 4}, {"text_bytes", 1}, {"text_offsets", 8},
        {"expert_ids", 2}, {"weights", 4}, {"scores", 4}, {"expert_counts", 8}};
    for (const auto& [n, bytes] : sizes)
        if (name == n) return bytes;
    return 0;
}

/// "[i]: v" - built with +=: GCC 12's -Wrestrict misreads "[" + std::to_string(i).
std::string indexed(std::size_t i, std::int64_t v) {
    std::string s = "[";
    s += std::to_string(i);
    s += "]: ";
    s += std::to_string(v);
    return s;
}

std::string shapeOf(std::initializer_list<std::uint64_t> dims) {
    SafetensorsTensor t;
    t.shape = dims;
    return t.shapeText();
}

class TraceLoader {
public:
    explicit TraceLoader(const SafetensorsFile& file) : m_file(file) {}

    Result<RoutingTrace> load() {
        if (Status s = readMeta(); !s) return Error{s.error()};
        std::uint64_t memory = 0;
        for (const SafetensorsTensor& t : m_file.tensors()) {
            if (loadedBytes(t.name) == 0)
                return m_file.error(jsonPath("", t.name), "unknown tensor (a trace holds " + std::string(kKnownTensors) + ")");
            memory += t.elements() * loadedBytes(t.name);  // elements <= the file's bytes: no overflow
        }
        if (memory > kMaxTraceMemoryBytes)
            return m_file.error("", "its tensors would take " + std::to_string(memory >> 20) + " MiB loaded, over the " +
                                        std::to_string(kMaxTraceMemoryBytes >> 20) + " MiB a trace may take");
        const bool tokens = m_file.find("expert_ids") != nullptr;
        const bool counts = m_file.find("expert_counts") != nullptr;
        if (tokens && counts)
            return m_file.error("expert_counts", "a trace holds either tokens (expert_ids) or counts, not both");
        if (!tokens && !counts)
            return m_file.error("expert_ids", "missing (nor is there expert_counts, the count-only variant)");
        Status s = tokens ? readTokens() : readCounts();
        if (!s) return Error{s.error()};
        return std::move(m_trace);
    }

private:
    Status readMeta() {
        const Json& metadata = m_file.metadata();
        if (!metadata.contains("format"))
            return m_file.error("__metadata__.format", "missing (not a routing trace: expected \"moe-trace\")");
        if (metadata["format"] != "moe-trace")
            return m_file.error("__metadata__.format", "expected \"moe-trace\", found " + describeFound(metadata["format"]));
        if (!metadata.contains("version") || metadata["version"] != "1")
            return m_file.error("__metadata__.version", metadata.contains("version")
                                                            ? "version " + describeFound(metadata["version"]) +
                                                                  " is not known (this program reads \"1\")"
                                                            : "missing");
        if (!metadata.contains("meta")) return m_file.error("__metadata__.meta", "missing");
        Json meta;
        try {
            meta = Json::parse(metadata["meta"].get<std::string>());
        } catch (const nlohmann::json::exception& e) {
            return m_file.error("__metadata__.meta", "not valid JSON: " + withoutExceptionTag(e.what()));
        }
        Result<TraceMeta> m = catchJsonErrors<TraceMeta>([&] { return traceMetaFromJson(meta); });
        if (!m) return m_file.error("", m.error());
        m_trace.meta = std::move(m).value();
        return {};
    }

    /// The tensor `name` with `rank` dimensions, or an error naming what is missing.
    Result<const SafetensorsTensor*> require(const char* name, std::size_t rank) const {
        const SafetensorsTensor* t = m_file.find(name);
        if (!t) return m_file.error(name, "missing");
        if (t->shape.size() != rank)
            return m_file.error(std::string(name) + ".shape", t->shapeText() + ": expected " + std::to_string(rank) +
                                                                  (rank == 1 ? " dimension" : " dimensions"));
        return t;
    }

    Status checkShape(const SafetensorsTensor& t, std::initializer_list<std::uint64_t> expected,
                      const std::string& meaning) const {
        if (t.shape == std::vector<std::uint64_t>(expected)) return {};
        return m_file.error(t.name + ".shape", t.shapeText() + " does not match " + meaning + " " + shapeOf(expected));
    }

    /// An integer tensor into `out`, each value in [min, max].
    template <class T>
    Status readInts(const SafetensorsTensor& t, std::vector<T>& out, std::int64_t min, std::int64_t max,
                    const char* what) {
        out.resize(static_cast<std::size_t>(t.elements()));
        return m_file.readIntegers(t, [&](std::size_t first, std::span<const std::int64_t> v) -> Status {
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (v[i] < min || v[i] > max)
                    return m_file.error(t.name, indexed(first + i, v[i]) + " is not " + what);
                out[first + i] = static_cast<T>(v[i]);
            }
            return Status{};
        });
    }

    Status readFinite(const SafetensorsTensor& t, std::vector<float>& out, std::size_t perToken, const char* unit) {
        out.resize(static_cast<std::size_t>(t.elements()));
        const std::size_t T = m_trace.tokens();
        return m_file.readFloats(t, [&](std::size_t first, std::span<const float> v) -> Status {
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (!std::isfinite(v[i])) {
                    const std::size_t at = first + i;
                    return m_file.error(t.name, "layer " + std::to_string(at / perToken / T) + ", token " +
                                                    std::to_string(at / perToken % T) + ", " + unit + " " +
                                                    std::to_string(at % perToken) + ": not a finite number");
                }
                out[first + i] = v[i];
            }
            return Status{};
        });
    }

    Status readTokens() {
        const TraceMeta& meta = m_trace.meta;
        Result<const SafetensorsTensor*> seq = require("sequence", 1);
        if (!seq) return Error{seq.error()};
        const std::uint64_t T = seq.value()->shape[0];
        if (Status s = readInts(*seq.value(), m_trace.sequence, 0, std::numeric_limits<std::int32_t>::max(),
                                "a sequence number (0 or more)");
            !s)
            return s;
        Result<const SafetensorsTensor*> pos = require("position", 1);
        if (!pos) return Error{pos.error()};
        if (Status s = checkShape(*pos.value(), {T}, "sequence's"); !s) return s;
        if (Status s = readInts(*pos.value(), m_trace.position, 0, std::numeric_limits<std::int32_t>::max(),
                                "a position (0 or more)");
            !s)
            return s;
        if (const SafetensorsTensor* label = m_file.find("label")) {
            if (meta.labels.empty()) return m_file.error("label", "the tokens have labels but meta.labels names none");
            if (Status s = checkShape(*label, {T}, "sequence's"); !s) return s;
            const std::string what = "a label (-1 for none, or 0 to " + std::to_string(meta.labels.size() - 1) + ")";
            if (Status s = readInts(*label, m_trace.label, -1, static_cast<std::int64_t>(meta.labels.size()) - 1,
                                    what.c_str());
                !s)
                return s;
        }
        if (Status s = readText(T); !s) return s;

        const auto L = static_cast<std::uint64_t>(meta.moeLayers.size());
        const auto k = static_cast<std::uint64_t>(meta.topK);
        Result<const SafetensorsTensor*> ids = require("expert_ids", 3);
        if (!ids) return Error{ids.error()};
        const SafetensorsTensor& idsTensor = *ids.value();
        if (idsTensor.shape[0] != L)
            return m_file.error("expert_ids.shape", idsTensor.shapeText() + " has " + std::to_string(idsTensor.shape[0]) +
                                                        " layers, meta.moe_layers names " + std::to_string(L));
        if (Status s = checkShape(idsTensor, {L, T, k}, "[layers, tokens, top_k] ="); !s) return s;
        if (Status s = readExpertIds(idsTensor); !s) return s;
        Result<const SafetensorsTensor*> weights = require("weights", 3);
        if (!weights) return Error{weights.error()};
        if (Status s = checkShape(*weights.value(), {L, T, k}, "[layers, tokens, top_k] ="); !s) return s;
        if (Status s = readFinite(*weights.value(), m_trace.weights, static_cast<std::size_t>(k), "rank"); !s) return s;
        if (const SafetensorsTensor* scores = m_file.find("scores")) {
            const auto E = static_cast<std::uint64_t>(meta.experts);
            if (scores->shape.size() != 3 || scores->shape[0] != L)
                return m_file.error("scores.shape", scores->shapeText() + " does not match [layers, tokens, experts] = " +
                                                        shapeOf({L, T, E}));
            if (Status s = checkShape(*scores, {L, T, E}, "[layers, tokens, experts] ="); !s) return s;
            if (Status s = readFinite(*scores, m_trace.scores, static_cast<std::size_t>(E), "expert"); !s) return s;
        }
        return {};
    }

    Status readText(std::uint64_t T) {
        const SafetensorsTensor* bytes = m_file.find("text_bytes");
        const SafetensorsTensor* offsets = m_file.find("text_offsets");
        if (!bytes && !offsets) return {};
        if (!bytes || !offsets)
            return m_file.error(bytes ? "text_offsets" : "text_bytes", "missing (the texts need both tensors)");
        if (bytes->dtype != SafetensorsDtype::U8 || bytes->shape.size() != 1)
            return m_file.error("text_bytes", "expected a 1-dimensional U8 tensor of UTF-8 bytes");
        if (Status s = checkShape(*offsets, {T + 1}, "tokens + 1 ="); !s) return s;
        m_trace.textBytes.resize(static_cast<std::size_t>(bytes->shape[0]));
        if (Status s = m_file.readIntegers(*bytes, [&](std::size_t first, std::span<const std::int64_t> v) {
                for (std::size_t i = 0; i < v.size(); ++i) m_trace.textBytes[first + i] = static_cast<char>(v[i]);
                return Status{};
            });
            !s)
            return s;
        const auto total = static_cast<std::int64_t>(bytes->shape[0]);
        m_trace.textOffsets.resize(static_cast<std::size_t>(T + 1));
        std::int64_t previous = 0;
        return m_file.readIntegers(*offsets, [&](std::size_t first, std::span<const std::int64_t> v) -> Status {
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::size_t at = first + i;
                const bool bad = (at == 0 && v[i] != 0) || v[i] < previous || v[i] > total ||
                                 (at == T && v[i] != total);
                if (bad)
                    return m_file.error("text_offsets", indexed(at, v[i]) + " (offsets rise from 0 to the " +
                                                            std::to_string(total) + " bytes of text_bytes)");
                previous = v[i];
                m_trace.textOffsets[at] = static_cast<std::uint64_t>(v[i]);
            }
            return Status{};
        });
    }

    Status readExpertIds(const SafetensorsTensor& t) {
        const int E = m_trace.meta.experts;
        const auto k = static_cast<std::size_t>(m_trace.meta.topK);
        const std::size_t T = m_trace.tokens();
        m_trace.expertIds.resize(static_cast<std::size_t>(t.elements()));
        // seen[e] == the row (layer * T + token) + 1 that last chose e: a repeat within a row.
        std::vector<std::uint64_t> seen(static_cast<std::size_t>(E), 0);
        return m_file.readIntegers(t, [&](std::size_t first, std::span<const std::int64_t> v) -> Status {
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::size_t at = first + i;
                const std::size_t row = at / k;
                auto where = [&] {
                    return "layer " + std::to_string(row / T) + ", token " + std::to_string(row % T) + ", rank " +
                           std::to_string(at % k) + ": expert " + std::to_string(v[i]);
                };
                if (v[i] < 0 || v[i] >= E)
                    return m_file.error("expert_ids", where() + " is out of range (meta.experts is " +
                                                          std::to_string(E) + ")");
                std::uint64_t& s = seen[static_cast<std::size_t>(v[i])];
                if (s == row + 1) return m_file.error("expert_ids", where() + " is chosen twice for the token");
                s = row + 1;
                m_trace.expertIds[at] = static_cast<std::uint16_t>(v[i]);
            }
            return Status{};
        });
    }

    Status readCounts() {
        for (const char* name : {"sequence", "position", "label", "text_bytes", "text_offsets", "weights", "scores"})
            if (m_file.find(name)) return m_file.error(name, "not part of a count-only trace (expert_counts)");
        Result<const SafetensorsTensor*> c = require("expert_counts", 3);
        if (!c) return Error{c.error()};
        const SafetensorsTensor& t = *c.value();
        const auto L = static_cast<std::uint64_t>(m_trace.meta.moeLayers.size());
        if (t.shape[1] != L)
            return m_file.error("expert_counts.shape", t.shapeText() + " has " + std::to_string(t.shape[1]) +
                                                           " layers, meta.moe_layers names " + std::to_string(L));
        const std::uint64_t S = t.shape[0];
        if (Status s = checkShape(t, {S, L, static_cast<std::uint64_t>(m_trace.meta.experts)},
                                  "[steps, layers, experts] =");
            !s)
            return s;
        m_trace.countsOnly = true;
        m_trace.steps = static_cast<std::size_t>(S);
        // A count above 2^40 per step would be a trillion tokens in one step: a corrupt file.
        return readInts(t, m_trace.counts, 0, std::int64_t{1} << 40, "a count (0 to 2^40)");
    }

    const SafetensorsFile& m_file;
    RoutingTrace m_trace;
};

}  // namespace

TraceMeta traceMetaFromJson(const Json& meta) {
    const std::string path = "meta";
    requireObject(meta, path);
    rejectUnknownKeys(meta, {"model", "source", "experts", "top_k", "shared_experts", "moe_layers", "weights",
                             "routed_scaling", "labels"},
                      path);
    TraceMeta m;
    m.model = readString(meta, "model", path);
    if (meta.contains("source")) m.source = readString(meta, "source", path);
    m.experts = static_cast<int>(readInt(meta, "experts", path, 1, kMaxTraceExperts));
    m.topK = static_cast<int>(readInt(meta, "top_k", path, 1, std::min(m.experts, kMaxTraceTopK)));
    if (meta.contains("shared_experts"))
        m.sharedExperts = static_cast<int>(readInt(meta, "shared_experts", path, 0, kMaxTraceExperts));
    const Json& layers = requireArray(meta, "moe_layers", path, kMaxTraceMoeLayers);
    if (layers.empty()) throw JsonFieldError("meta.moe_layers: must name at least one MoE layer");
    m.moeLayers = readIntArray(meta, "moe_layers", path, layers.size(), 0, 1'000'000);
    for (std::size_t i = 1; i < m.moeLayers.size(); ++i)
        if (m.moeLayers[i] <= m.moeLayers[i - 1])
            throw JsonFieldError("meta.moe_layers[" + std::to_string(i) + "]: " + std::to_string(m.moeLayers[i]) +
                                 ": the layer indices must increase");
    const auto E = static_cast<std::uint64_t>(m.experts);
    if (E * E * m.moeLayers.size() > kMaxTraceExpertPairCells)
        throw JsonFieldError("meta.moe_layers: " + std::to_string(m.moeLayers.size()) + " MoE layers of " +
                             std::to_string(E) + " experts: over the limit of experts^2 x layers = 2^25");
    const std::string recipe = readString(meta, "weights", path);
    const std::optional<WeightRecipe> r = weightRecipeFromName(recipe);
    if (!r)
        throw JsonFieldError("meta.weights: unknown recipe " + quoteForMessage(recipe) +
                             " (softmax_topk_renorm, softmax_topk, topk_softmax, sigmoid_bias)");
    m.weights = *r;
    if (meta.contains("routed_scaling")) {
        m.routedScaling = readDouble(meta, "routed_scaling", path);
        if (!(m.routedScaling > 0.0) || m.routedScaling > 1e6)
            throw JsonFieldError("meta.routed_scaling: must be above 0 and at most 1e6, got " +
                                 std::to_string(m.routedScaling));
    }
    if (meta.contains("labels")) {
        m.labels = readStringArray(meta, "labels", path, 0, kMaxTraceLabels);
        for (std::size_t i = 0; i < m.labels.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (m.labels[i] == m.labels[j])
                    throw JsonFieldError("meta.labels[" + std::to_string(i) + "]: " + quoteForMessage(m.labels[i]) +
                                         " is named twice");
    }
    return m;
}

Json traceMetaToJson(const TraceMeta& m) {
    Json j = {{"model", m.model}};
    if (!m.source.empty()) j["source"] = m.source;
    j["experts"] = m.experts;
    j["top_k"] = m.topK;
    j["shared_experts"] = m.sharedExperts;
    j["moe_layers"] = m.moeLayers;
    j["weights"] = weightRecipeName(m.weights);
    if (m.weights == WeightRecipe::SigmoidBias || m.routedScaling != 1.0) j["routed_scaling"] = m.routedScaling;
    j["labels"] = m.labels;
    return j;
}

Result<RoutingTrace> readTraceFile(const std::string& path) {
    try {
        Result<SafetensorsFile> file = SafetensorsFile::open(path, kMaxTraceFileBytes, kMaxTraceHeaderBytes);
        if (!file) return Error{file.error()};
        return TraceLoader(file.value()).load();
    } catch (const std::bad_alloc&) {
        return Error{visibleText(path) + ": out of memory while reading the routing trace"};
    }
}

}  // namespace moe
