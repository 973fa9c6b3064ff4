// libFuzzer target: bytes as a model description for `moe cost --config FILE.json` (the
// format of resources/llm-presets). A refused file gives one printable line naming it; a
// loaded description passes validateLlmConfig(), its cost at the shortest, the default and
// the longest context `moe cost` accepts is finite and non-negative in every figure (active
// parameters no more than total ones), and it survives save-and-reload: the document
// written from the reloaded description (llmConfigToJson, publishedToJson) equals the one
// written from the first.
#include "tests/fuzz/fuzz_check.h"

#include "core/scale/llm_config_json.h"
#include "core/scale/llm_cost.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using Json = nlohmann::ordered_json;

Json write(const moe::LlmDescription& d) {
    Json doc = moe::llmConfigToJson(d.config);
    if (d.published) doc["published"] = moe::publishedToJson(*d.published);
    return doc;
}

void checkFigure(double v, const char* what) {
    if (!std::isfinite(v) || v < 0) fuzz::broken(std::string("a cost figure that is negative or not finite: ") + what + " = " + std::to_string(v));
}

void checkFlops(const moe::TokenFlops& f) {
    checkFigure(f.attentionProjections, "attention projections");
    checkFigure(f.attentionContext, "attention context");
    checkFigure(f.router, "router");
    checkFigure(f.routedExperts, "routed experts");
    checkFigure(f.sharedExperts, "shared experts");
    checkFigure(f.denseFfn, "dense FFN");
    checkFigure(f.combine, "combine");
    checkFigure(f.unembedding, "unembedding");
    if (!(f.total() > 0)) fuzz::broken("a token costs no FLOPs");
}

void checkCost(const moe::LlmConfig& c, int context) {
    const moe::LlmCost cost = moe::computeLlmCost(c, context);
    for (double v : cost.paramsTotal.values) checkFigure(v, "parameters of a part");
    for (double v : cost.paramsActive.values) checkFigure(v, "active parameters of a part");
    if (!(cost.paramsActive.total() <= cost.paramsTotal.total())) fuzz::broken("more active parameters than parameters");
    checkFlops(cost.prefill);
    checkFlops(cost.decode);
    checkFigure(cost.kvCacheValues, "KV cache");
    for (const moe::DenseBaselineCost* b : {&cost.denseEqualParams, &cost.denseEqualCompute}) {
        checkFigure(b->params, "dense baseline parameters");
        checkFigure(b->prefillFlopsPerToken, "dense baseline prefill");
        checkFigure(b->decodeFlopsPerToken, "dense baseline decode");
    }
    checkFigure(cost.flopsPerExpertAssignment, "FLOPs per expert assignment");
    if (!std::isfinite(cost.savingVsDenseParams())) fuzz::broken("a saving that is not finite");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, "llm.json");
    moe::Result<moe::LlmDescription> loaded = moe::readLlmDescriptionFile(path);
    if (!loaded) {
        fuzz::checkRefusal(loaded.error(), path);
        return 0;
    }
    const moe::LlmDescription& d = loaded.value();
    if (moe::Status v = moe::validateLlmConfig(d.config); !v) fuzz::broken("a loaded config does not validate: " + v.error());
    for (int context : {1, 4096, 100'000'000}) checkCost(d.config, context);
    const std::string text = write(d).dump(2);
    moe::Result<moe::LlmDescription> again = moe::parseLlmDescription(text, "saved");
    if (!again) fuzz::broken("a saved description does not load: " + again.error());
    if (write(again.value()).dump(2) != text) fuzz::broken("a description changed in save and reload");
    return 0;
}
