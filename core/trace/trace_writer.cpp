#include "core/trace/trace_writer.h"

#include "core/io/atomic_file.h"
#include "core/trace/trace_reader.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

class TensorList {
public:
    template <class Out, class In>
    void add(const char* name, const char* dtype, std::vector<std::uint64_t> shape, const std::vector<In>& values) {
        const std::size_t begin = m_data.size();
        m_data.resize(begin + values.size() * sizeof(Out));
        for (std::size_t i = 0; i < values.size(); ++i) {
            const Out v = static_cast<Out>(values[i]);
            std::memcpy(m_data.data() + begin + i * sizeof(Out), &v, sizeof v);
        }
        m_header[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {begin, m_data.size()}}};
    }
    void addBytes(const char* name, const std::string& bytes) {
        const std::size_t begin = m_data.size();
        m_data += bytes;
        m_header[name] = {{"dtype", "U8"}, {"shape", {bytes.size()}}, {"data_offsets", {begin, m_data.size()}}};
    }
    std::string bytes(const Json& metadata) {
        Json header = {{"__metadata__", metadata}};
        header.update(m_header);
        std::string text = header.dump();
        text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
        std::string out(8, '\0');
        const std::uint64_t n = text.size();
        std::memcpy(out.data(), &n, 8);
        return out + text + m_data;
    }

private:
    Json m_header = Json::object();
    std::string m_data;
};

}  // namespace

std::string traceFileBytes(const RoutingTrace& trace) {
    const TraceMeta& m = trace.meta;
    const auto L = static_cast<std::uint64_t>(m.moeLayers.size());
    const auto E = static_cast<std::uint64_t>(m.experts);
    TensorList tensors;
    if (trace.countsOnly) {
        tensors.add<std::int64_t>("expert_counts", "I64", {trace.steps, L, E}, trace.counts);
    } else {
        const std::uint64_t T = trace.tokens();
        const auto k = static_cast<std::uint64_t>(m.topK);
        tensors.add<std::int32_t>("sequence", "I32", {T}, trace.sequence);
        tensors.add<std::int32_t>("position", "I32", {T}, trace.position);
        if (trace.hasLabels()) tensors.add<std::int32_t>("label", "I32", {T}, trace.label);
        if (trace.hasText()) {
            tensors.addBytes("text_bytes", trace.textBytes);
            tensors.add<std::int64_t>("text_offsets", "I64", {T + 1}, trace.textOffsets);
        }
        tensors.add<std::int16_t>("expert_ids", "I16", {L, T, k}, trace.expertIds);
        tensors.add<float>("weights", "F32", {L, T, k}, trace.weights);
        if (trace.hasScores()) tensors.add<float>("scores", "F32", {L, T, E}, trace.scores);
    }
    const Json metadata = {{"format", "moe-trace"}, {"version", "1"}, {"meta", traceMetaToJson(m).dump()}};
    return tensors.bytes(metadata);
}

Status writeTraceFile(const std::string& path, const RoutingTrace& trace) {
    return writeFileAtomically(path, traceFileBytes(trace));
}

}  // namespace moe
