// libFuzzer target: bytes as a model file. A refused file gives one printable line naming
// it; a loaded model survives save-and-reload bit for bit (the document written from the
// reloaded model equals the one written from the first).
#include "tests/fuzz/fuzz_check.h"

#include "core/io/json_text.h"
#include "core/io/model_file.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, "model.json");
    moe::Result<moe::TrainedModel> loaded = moe::loadModel(path);
    if (!loaded) {
        fuzz::checkRefusal(loaded.error(), path);
        return 0;
    }
    moe::Result<nlohmann::ordered_json> first = moe::modelToJson(loaded.value());
    if (!first) return 0;  // a model that cannot be written is refused at save, by name
    const std::string text = moe::toJsonText(first.value());
    moe::Result<moe::TrainedModel> again = moe::modelFromJson(nlohmann::ordered_json::parse(text));
    if (!again) fuzz::broken("a saved model does not load: " + again.error());
    moe::Result<nlohmann::ordered_json> second = moe::modelToJson(again.value());
    if (!second || moe::toJsonText(second.value()) != text)
        fuzz::broken("a model changed in save and reload");
    return 0;
}
