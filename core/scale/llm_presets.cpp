#include "core/scale/llm_presets.h"

#include "core/scale/llm_config_json.h"
#include "core/scale/llm_preset_data.h"

namespace moe {

std::vector<std::string> llmPresetNames() {
    std::vector<std::string> names;
    for (const EmbeddedPreset& p : embeddedPresets()) names.emplace_back(p.name);
    return names;
}

Result<LlmDescription> loadLlmPreset(const std::string& name) {
    for (const EmbeddedPreset& p : embeddedPresets())
        if (name == p.name) return parseLlmDescription(p.text, "preset " + name);
    std::string names;
    for (const std::string& n : llmPresetNames()) names += (names.empty() ? "" : ", ") + n;
    return Error{"unknown preset '" + name + "' (presets: " + names + ")"};
}

}  // namespace moe
