#pragma once
// Intended usage: the checked readers behind every JSON loader in core/io. Each reader
// takes the object, the key and the dotted path of that object ("model.experts[2].fc1"),
// and either returns the value or throws JsonFieldError with one line naming the field:
//
//   try {
//       int k = readInt(config, "top_k", "config", 1, 256);
//       Matrix w = readMatrix(gate, "weight", "model.gate", d, experts);   // d x E
//   } catch (const JsonFieldError& e) { return Error{file + ": " + e.what()}; }
//
// The exception never leaves core/io: the public loaders catch it (and every nlohmann
// exception) and return a Result. Numbers written with jsonNumber() read back bit-exact.

#include "core/model/tensor.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

struct JsonFieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// "config" + "top_k" -> "config.top_k"; an empty parent gives the bare key; a key that is
/// not an identifier is quoted: "model.parameters" + "gate.bias" -> model.parameters["gate.bias"].
/// The key is shown through visibleText (quote_for_message.h), at most 60 characters.
std::string jsonPath(const std::string& parent, std::string_view key);

/// A JSON value found where another was expected, for a message: a string in double
/// quotes through visibleText (at most 40 characters: "a\x1bb"), else its type ("number").
std::string describeFound(const nlohmann::ordered_json& value);

/// The member `key` of `object`; throws if `object` is not an object or lacks it.
const nlohmann::ordered_json& requireMember(const nlohmann::ordered_json& object,
                                            std::string_view key, const std::string& path);
/// Throws if `object` is not a JSON object.
void requireObject(const nlohmann::ordered_json& value, const std::string& path);
/// Throws if `object` has a member not listed in `allowed` (catches misspelt keys).
void rejectUnknownKeys(const nlohmann::ordered_json& object,
                       const std::vector<std::string_view>& allowed, const std::string& path);

std::int64_t readInt(const nlohmann::ordered_json& object, std::string_view key,
                     const std::string& path, std::int64_t min, std::int64_t max);
std::uint64_t readUint64(const nlohmann::ordered_json& object, std::string_view key,
                         const std::string& path);
/// A finite number (integers are accepted).
double readDouble(const nlohmann::ordered_json& object, std::string_view key,
                  const std::string& path);
bool readBool(const nlohmann::ordered_json& object, std::string_view key, const std::string& path);
std::string readString(const nlohmann::ordered_json& object, std::string_view key,
                       const std::string& path);
/// An array of strings of length in [minCount, maxCount].
std::vector<std::string> readStringArray(const nlohmann::ordered_json& object, std::string_view key,
                                         const std::string& path, std::size_t minCount,
                                         std::size_t maxCount);
/// An array of exactly `count` numbers, each finite as a float.
std::vector<float> readFloatArray(const nlohmann::ordered_json& object, std::string_view key,
                                  const std::string& path, std::size_t count);

/// {"shape": [rows, cols], "data": [rows * cols numbers, row-major]} with exactly the
/// expected shape and every value finite as a float.
Matrix readMatrix(const nlohmann::ordered_json& object, std::string_view key,
                  const std::string& path, Eigen::Index rows, Eigen::Index cols);

/// A number, or null read as NaN (metrics that do not apply are written as null).
double readNumberOrNull(const nlohmann::ordered_json& object, std::string_view key,
                        const std::string& path);
/// An array of exactly `count` numbers (null read as NaN).
std::vector<double> readNumberArray(const nlohmann::ordered_json& object, std::string_view key,
                                    const std::string& path, std::size_t count);
/// The same for a value already in hand (an array's element); `where` is its path.
std::vector<double> readNumbers(const nlohmann::ordered_json& value, const std::string& where,
                                std::size_t count);
/// An array of exactly `count` integers, each in [min, max].
std::vector<int> readIntArray(const nlohmann::ordered_json& object, std::string_view key,
                              const std::string& path, std::size_t count, int min, int max);
/// The JSON array at `key`, with at most `maxCount` entries (throws otherwise).
const nlohmann::ordered_json& requireArray(const nlohmann::ordered_json& object, std::string_view key,
                                           const std::string& path, std::size_t maxCount);
/// `value`, or null when it is NaN or infinite (JSON has no NaN). Finite doubles read back
/// bit-exact.
nlohmann::ordered_json numberOrNull(double value);

/// The double to store for `value` so that reading the JSON text back and narrowing to
/// float gives `value` exactly, written with as few digits as that allows.
double jsonNumber(float value);
/// {"shape": [rows, cols], "data": [...row-major...]}.
nlohmann::ordered_json matrixToJson(const Matrix& m);
nlohmann::ordered_json floatsToJson(const std::vector<float>& values);

}  // namespace moe
