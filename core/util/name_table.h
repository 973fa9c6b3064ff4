#pragma once
// Intended usage: the two-way tables between an enum and the names the CLI, the GUI and
// the files use for it.
//
//   constexpr std::array kModes{std::pair{MoeMode::Mixture, "mixture"}, ...};
//   const char* n = nameOf(kModes, mode);  std::optional<MoeMode> m = lookup(kModes, "block");

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace moe {

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, const char*>, N>& table,
                           const std::string& s) {
    for (const auto& [value, name] : table)
        if (s == name) return value;
    return std::nullopt;
}

template <class Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum e) {
    for (const auto& [value, name] : table)
        if (value == e) return name;
    return "?";
}

}  // namespace moe
