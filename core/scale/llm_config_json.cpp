#include "core/scale/llm_config_json.h"

#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/util/quote_for_message.h"
#include "core/util/name_table.h"

#include <nlohmann/json.hpp>

#include <array>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array kKinds{std::pair{AttentionKind::Grouped, "grouped"},
                            std::pair{AttentionKind::Latent, "latent"}};
constexpr std::array kQkNorms{std::pair{QkNorm::None, "none"}, std::pair{QkNorm::PerHead, "per_head"},
                              std::pair{QkNorm::Full, "full"}};

bool has(const Json& object, const char* key) { return object.contains(key); }

int readSize(const Json& o, const char* key, const std::string& path, int min, int max) {
    return static_cast<int>(readInt(o, key, path, min, max));
}
int optionalSize(const Json& o, const char* key, const std::string& path, int min, int max,
                 int otherwise) {
    return has(o, key) ? readSize(o, key, path, min, max) : otherwise;
}
bool optionalBool(const Json& o, const char* key, const std::string& path, bool otherwise) {
    return has(o, key) ? readBool(o, key, path) : otherwise;
}
std::string optionalString(const Json& o, const char* key, const std::string& path) {
    return has(o, key) ? readString(o, key, path) : std::string();
}

template <class Enum, std::size_t N>
Enum readName(const Json& o, const char* key, const std::string& path,
              const std::array<std::pair<Enum, const char*>, N>& table) {
    const std::string name = readString(o, key, path);
    if (const std::optional<Enum> e = lookup(table, name)) return *e;
    std::string names;
    for (const auto& [value, n] : table) names += (names.empty() ? "" : ", ") + std::string(n);
    throw JsonFieldError(jsonPath(path, key) + ": must be one of " + names + ", got " + quoteForMessage(name));
}

AttentionConfig readAttention(const Json& doc) {
    const std::string path = "attention";
    const Json& o = requireMember(doc, "attention", "");
    requireObject(o, path);
    AttentionConfig a;
    a.kind = readName(o, "kind", path, kKinds);
    a.heads = readSize(o, "heads", path, 1, kLlmMaxCount);
    a.slidingWindow = optionalSize(o, "sliding_window", path, 0, kLlmMaxWidth, 0);
    a.slidingLayers = optionalSize(o, "sliding_layers", path, 0, kLlmMaxCount, 0);
    if (a.kind == AttentionKind::Grouped) {
        rejectUnknownKeys(o, {"kind", "heads", "kv_heads", "head_dim", "bias", "sinks", "qk_norm",
                              "sliding_window", "sliding_layers"},
                          path);
        a.kvHeads = readSize(o, "kv_heads", path, 1, kLlmMaxCount);
        a.headDim = readSize(o, "head_dim", path, 1, kLlmMaxWidth);
        a.bias = optionalBool(o, "bias", path, false);
        a.sinks = optionalBool(o, "sinks", path, false);
        a.qkNorm = has(o, "qk_norm") ? readName(o, "qk_norm", path, kQkNorms) : QkNorm::None;
    } else {
        rejectUnknownKeys(o, {"kind", "heads", "q_lora_rank", "kv_lora_rank", "qk_nope_head_dim",
                              "qk_rope_head_dim", "v_head_dim", "sliding_window", "sliding_layers"},
                          path);
        a.qLoraRank = optionalSize(o, "q_lora_rank", path, 0, kLlmMaxWidth, 0);
        a.kvLoraRank = readSize(o, "kv_lora_rank", path, 1, kLlmMaxWidth);
        a.qkNopeHeadDim = readSize(o, "qk_nope_head_dim", path, 0, kLlmMaxWidth);
        a.qkRopeHeadDim = readSize(o, "qk_rope_head_dim", path, 0, kLlmMaxWidth);
        a.vHeadDim = readSize(o, "v_head_dim", path, 1, kLlmMaxWidth);
    }
    return a;
}

MoeFfnConfig readMoe(const Json& doc) {
    const std::string path = "moe";
    const Json& o = requireMember(doc, "moe", "");
    requireObject(o, path);
    rejectUnknownKeys(o, {"experts", "top_k", "intermediate", "shared_experts",
                          "shared_intermediate", "expert_bias", "router_bias"},
                      path);
    MoeFfnConfig m;
    m.experts = readSize(o, "experts", path, 1, kLlmMaxCount);
    m.topK = readSize(o, "top_k", path, 1, kLlmMaxCount);
    m.intermediate = readSize(o, "intermediate", path, 1, kLlmMaxWidth);
    m.sharedExperts = optionalSize(o, "shared_experts", path, 0, kLlmMaxCount, 0);
    m.sharedIntermediate = optionalSize(o, "shared_intermediate", path, 0, kLlmMaxWidth, 0);
    m.expertBias = optionalBool(o, "expert_bias", path, false);
    m.routerBias = optionalBool(o, "router_bias", path, false);
    return m;
}

std::vector<LlmPart> readParts(const Json& o, const char* key, const std::string& path) {
    std::vector<LlmPart> parts;
    if (!has(o, key)) return parts;
    const std::vector<std::string> names = readStringArray(o, key, path, 0, kLlmPartCount);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::optional<LlmPart> part = llmPartFromName(names[i]);
        if (!part)
            throw JsonFieldError(jsonPath(path, key) + "[" + std::to_string(i) +
                                 "]: not a part name: " + quoteForMessage(names[i]));
        parts.push_back(*part);
    }
    return parts;
}

PublishedFigures readPublished(const Json& doc) {
    const std::string path = "published";
    const Json& o = requireMember(doc, "published", "");
    requireObject(o, path);
    rejectUnknownKeys(o, {"params_total", "params_active", "total_without", "active_without",
                          "source", "note"},
                      path);
    PublishedFigures p;
    p.paramsTotal = readDouble(o, "params_total", path);
    p.paramsActive = readDouble(o, "params_active", path);
    if (!(p.paramsTotal > 0.0)) throw JsonFieldError("published.params_total: must be positive");
    if (!(p.paramsActive > 0.0)) throw JsonFieldError("published.params_active: must be positive");
    p.totalWithout = readParts(o, "total_without", path);
    p.activeWithout = readParts(o, "active_without", path);
    p.source = readString(o, "source", path);
    p.note = optionalString(o, "note", path);
    return p;
}

LlmDescription readDocument(const Json& doc) {
    requireObject(doc, "the document");
    rejectUnknownKeys(doc, {"name", "source", "hidden", "layers", "vocab", "tied_embeddings",
                            "norm_bias", "gated_ffn", "attention", "dense_layers",
                            "dense_intermediate", "moe", "published"},
                      "");
    LlmDescription d;
    LlmConfig& c = d.config;
    c.name = optionalString(doc, "name", "");
    c.source = optionalString(doc, "source", "");
    c.hidden = readSize(doc, "hidden", "", 1, kLlmMaxWidth);
    c.layers = readSize(doc, "layers", "", 1, kLlmMaxCount);
    c.vocab = readSize(doc, "vocab", "", 1, kLlmMaxWidth);
    c.tiedEmbeddings = optionalBool(doc, "tied_embeddings", "", false);
    c.normBias = optionalBool(doc, "norm_bias", "", false);
    c.gatedFfn = optionalBool(doc, "gated_ffn", "", true);
    c.attention = readAttention(doc);
    c.denseLayers = optionalSize(doc, "dense_layers", "", 0, kLlmMaxCount, 0);
    c.denseIntermediate = optionalSize(doc, "dense_intermediate", "", 0, kLlmMaxWidth, 0);
    c.moe = readMoe(doc);
    if (has(doc, "published")) d.published = readPublished(doc);
    if (Status s = validateLlmConfig(c); !s) throw JsonFieldError(s.error());
    return d;
}

}  // namespace

Result<LlmDescription> readLlmDescription(const Json& document, const std::string& origin) {
    Result<LlmDescription> r =
        catchJsonErrors<LlmDescription>([&] { return readDocument(document); });
    if (!r) return Error{origin + ": " + r.error()};
    return r;
}

Result<LlmDescription> parseLlmDescription(const std::string& text, const std::string& origin) {
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return Error{origin + ": not valid JSON: " + withoutExceptionTag(e.what())};
    }
    return readLlmDescription(doc, origin);
}

Result<LlmDescription> readLlmDescriptionFile(const std::string& path) {
    Result<Json> doc = readJsonFile(path, "model description", 1u << 20);
    if (!doc) return Error{doc.error()};
    return readLlmDescription(doc.value(), path);
}

Json llmConfigToJson(const LlmConfig& c) {
    const AttentionConfig& a = c.attention;
    Json att = {{"kind", nameOf(kKinds, a.kind)}, {"heads", a.heads}};
    if (a.kind == AttentionKind::Grouped) {
        att["kv_heads"] = a.kvHeads;
        att["head_dim"] = a.headDim;
        att["bias"] = a.bias;
        att["sinks"] = a.sinks;
        att["qk_norm"] = nameOf(kQkNorms, a.qkNorm);
    } else {
        att["q_lora_rank"] = a.qLoraRank;
        att["kv_lora_rank"] = a.kvLoraRank;
        att["qk_nope_head_dim"] = a.qkNopeHeadDim;
        att["qk_rope_head_dim"] = a.qkRopeHeadDim;
        att["v_head_dim"] = a.vHeadDim;
    }
    att["sliding_window"] = a.slidingWindow;
    att["sliding_layers"] = a.slidingLayers;
    const MoeFfnConfig& m = c.moe;
    return Json{{"name", c.name},
                {"source", c.source},
                {"hidden", c.hidden},
                {"layers", c.layers},
                {"vocab", c.vocab},
                {"tied_embeddings", c.tiedEmbeddings},
                {"norm_bias", c.normBias},
                {"gated_ffn", c.gatedFfn},
                {"attention", att},
                {"dense_layers", c.denseLayers},
                {"dense_intermediate", c.denseIntermediate},
                {"moe",
                 {{"experts", m.experts},
                  {"top_k", m.topK},
                  {"intermediate", m.intermediate},
                  {"shared_experts", m.sharedExperts},
                  {"shared_intermediate", m.sharedIntermediate},
                  {"expert_bias", m.expertBias},
                  {"router_bias", m.routerBias}}}};
}

Json publishedToJson(const PublishedFigures& p) {
    const auto names = [](const std::vector<LlmPart>& parts) {
        Json a = Json::array();
        for (LlmPart part : parts) a.push_back(llmPartName(part));
        return a;
    };
    return Json{{"params_total", p.paramsTotal},   {"params_active", p.paramsActive},
                {"total_without", names(p.totalWithout)}, {"active_without", names(p.activeWithout)},
                {"source", p.source},              {"note", p.note}};
}

}  // namespace moe
