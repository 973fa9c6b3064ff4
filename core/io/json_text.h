#pragma once
// Intended usage: JSON text for people and for scripts at once. Objects and arrays of
// objects are indented one member per line; arrays of plain values (a weight matrix's data,
// an expert-load vector) stay on one line, so a model file is readable in an editor
// without giving every weight its own line.
//
//   std::cout << toJsonText(runSummaryToJson(summary)) << '\n';

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace moe {

/// `value` as JSON text (no trailing newline). Non-finite numbers become null.
std::string toJsonText(const nlohmann::ordered_json& value);

}  // namespace moe
