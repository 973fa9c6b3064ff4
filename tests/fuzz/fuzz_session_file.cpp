// libFuzzer target: bytes as a session file. A refused file gives one printable line
// naming it; a loaded session survives save-and-reload bit for bit.
#include "tests/fuzz/fuzz_check.h"

#include "core/io/json_text.h"
#include "core/io/session_file.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, "run.moe-session");
    moe::Result<moe::Session> loaded = moe::loadSession(path);
    if (!loaded) {
        fuzz::checkRefusal(loaded.error(), path);
        return 0;
    }
    moe::Result<nlohmann::ordered_json> first = moe::sessionToJson(loaded.value());
    if (!first) return 0;
    const std::string text = moe::toJsonText(first.value());
    moe::Result<moe::Session> again = moe::sessionFromJson(nlohmann::ordered_json::parse(text));
    if (!again) fuzz::broken("a saved session does not load: " + again.error());
    moe::Result<nlohmann::ordered_json> second = moe::sessionToJson(again.value());
    if (!second || moe::toJsonText(second.value()) != text)
        fuzz::broken("a session changed in save and reload");
    return 0;
}
