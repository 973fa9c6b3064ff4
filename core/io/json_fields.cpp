#include "core/io/json_fields.h"

#include "core/util/quote_for_message.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& path, const std::string& why) {
    throw JsonFieldError(path + ": " + why);
}

std::string typeOf(const Json& value) {
    return value.is_number() ? std::string("a number") : std::string("") + value.type_name();
}

// "[rows, cols]". Built with append: GCC 12 warns falsely (-Wrestrict) on "[" + string.
std::string shapeText(std::int64_t rows, std::int64_t cols) {
    std::string s("[");
    s += std::to_string(rows);
    s += ", ";
    s += std::to_string(cols);
    s += ']';
    return s;
}

std::string indexPath(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

}  // namespace

std::string describeFound(const Json& value) {
    if (!value.is_string()) return value.type_name();
    std::string out(1, '"');
    out += visibleText(value.get_ref<const std::string&>(), 40);
    out += '"';
    return out;
}

std::string jsonPath(const std::string& parent, std::string_view key) {
    // A key that is not a plain identifier (a tensor name "experts.0.fc1.weight") is quoted,
    // so the path stays unambiguous: model.parameters["experts.0.fc1.weight"].shape.
    const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!plain) return parent + "[\"" + visibleText(key, 60) + "\"]";
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

void requireObject(const Json& value, const std::string& path) {
    if (!value.is_object()) fail(path, "expected an object, found " + typeOf(value));
}

const Json& requireMember(const Json& object, std::string_view key, const std::string& path) {
    requireObject(object, path.empty() ? std::string("the document") : path);
    const auto it = object.find(std::string(key));
    if (it == object.end()) fail(jsonPath(path, key), "missing");
    return *it;
}

void rejectUnknownKeys(const Json& object, const std::vector<std::string_view>& allowed,
                       const std::string& path) {
    for (const auto& item : object.items()) {
        bool known = false;
        for (std::string_view a : allowed) known = known || item.key() == a;
        if (!known) fail(jsonPath(path, item.key()), "unknown key");
    }
}

std::int64_t readInt(const Json& object, std::string_view key, const std::string& path,
                     std::int64_t min, std::int64_t max) {
    const Json& v = requireMember(object, key, path);
    const std::string where = jsonPath(path, key);
    std::int64_t value = 0;
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(where, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        value = static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
        value = v.get<std::int64_t>();
    } else {
        fail(where, "expected an integer, found " + typeOf(v));
    }
    if (value < min || value > max)
        fail(where, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                        ", got " + std::to_string(value));
    return value;
}

std::uint64_t readUint64(const Json& object, std::string_view key, const std::string& path) {
    const Json& v = requireMember(object, key, path);
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer()) fail(jsonPath(path, key), "must not be negative");
    fail(jsonPath(path, key), "expected a non-negative integer, found " + typeOf(v));
}

double readDouble(const Json& object, std::string_view key, const std::string& path) {
    const Json& v = requireMember(object, key, path);
    if (!v.is_number()) fail(jsonPath(path, key), "expected a number, found " + typeOf(v));
    const double value = v.get<double>();
    if (!std::isfinite(value)) fail(jsonPath(path, key), "not a finite number");
    return value;
}

bool readBool(const Json& object, std::string_view key, const std::string& path) {
    const Json& v = requireMember(object, key, path);
    if (!v.is_boolean()) fail(jsonPath(path, key), "expected true or false, found " + typeOf(v));
    return v.get<bool>();
}

std::string readString(const Json& object, std::string_view key, const std::string& path) {
    const Json& v = requireMember(object, key, path);
    if (!v.is_string()) fail(jsonPath(path, key), "expected a string, found " + typeOf(v));
    return v.get<std::string>();
}

std::vector<std::string> readStringArray(const Json& object, std::string_view key,
                                         const std::string& path, std::size_t minCount,
                                         std::size_t maxCount) {
    const Json& v = requireMember(object, key, path);
    const std::string where = jsonPath(path, key);
    if (!v.is_array()) fail(where, "expected an array of strings, found " + typeOf(v));
    if (v.size() < minCount || v.size() > maxCount)
        fail(where, "expected between " + std::to_string(minCount) + " and " +
                        std::to_string(maxCount) + " entries, got " + std::to_string(v.size()));
    std::vector<std::string> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            fail(indexPath(where, i), "expected a string, found " + typeOf(v[i]));
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

namespace {

// Fills `count` floats from the JSON array `v` at `where`; each must be finite as a float.
template <class Out>
void readFloats(const Json& v, const std::string& where, std::size_t count, Out out) {
    if (!v.is_array()) fail(where, "expected an array of numbers, found " + typeOf(v));
    if (v.size() != count)
        fail(where,
             "expected " + std::to_string(count) + " numbers, got " + std::to_string(v.size()));
    for (std::size_t i = 0; i < count; ++i) {
        const Json& x = v[i];
        if (!x.is_number()) fail(indexPath(where, i), "expected a number, found " + typeOf(x));
        const auto f = static_cast<float>(x.get<double>());
        if (!std::isfinite(f)) fail(indexPath(where, i), "not a finite number (as a float)");
        out(i, f);
    }
}

}  // namespace

std::vector<float> readFloatArray(const Json& object, std::string_view key, const std::string& path,
                                  std::size_t count) {
    std::vector<float> values(count);
    readFloats(requireMember(object, key, path), jsonPath(path, key), count,
               [&](std::size_t i, float f) { values[i] = f; });
    return values;
}

Matrix readMatrix(const Json& object, std::string_view key, const std::string& path,
                  Eigen::Index rows, Eigen::Index cols) {
    const std::string where = jsonPath(path, key);
    const Json& m = requireMember(object, key, path);
    requireObject(m, where);
    rejectUnknownKeys(m, {"shape", "data"}, where);
    const Json& shape = requireMember(m, "shape", where);
    const std::string expected = shapeText(rows, cols);
    if (!shape.is_array() || shape.size() != 2 || !shape[0].is_number_integer() ||
        !shape[1].is_number_integer())
        fail(jsonPath(where, "shape"), "expected [rows, cols] = " + expected);
    const auto r = shape[0].get<std::int64_t>();
    const auto c = shape[1].get<std::int64_t>();
    if (r != rows || c != cols)
        fail(jsonPath(where, "shape"),
             "expected " + expected + " from the config, got " + shapeText(r, c));
    Matrix out(rows, cols);
    float* data = out.data();
    readFloats(requireMember(m, "data", where), jsonPath(where, "data"),
               static_cast<std::size_t>(rows * cols), [&](std::size_t i, float f) { data[i] = f; });
    return out;
}

double readNumberOrNull(const Json& object, std::string_view key, const std::string& path) {
    const Json& v = requireMember(object, key, path);
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) fail(jsonPath(path, key), "expected a number or null, found " + typeOf(v));
    return v.get<double>();
}

const Json& requireArray(const Json& object, std::string_view key, const std::string& path,
                         std::size_t maxCount) {
    const Json& v = requireMember(object, key, path);
    const std::string where = jsonPath(path, key);
    if (!v.is_array()) fail(where, "expected an array, found " + typeOf(v));
    if (v.size() > maxCount)
        fail(where, "expected at most " + std::to_string(maxCount) + " entries, got " +
                        std::to_string(v.size()));
    return v;
}

std::vector<double> readNumbers(const Json& v, const std::string& where, std::size_t count) {
    if (!v.is_array()) fail(where, "expected an array of numbers, found " + typeOf(v));
    if (v.size() != count)
        fail(where, "expected " + std::to_string(count) + " numbers, got " + std::to_string(v.size()));
    std::vector<double> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (v[i].is_null()) out[i] = std::numeric_limits<double>::quiet_NaN();
        else if (v[i].is_number()) out[i] = v[i].get<double>();
        else fail(indexPath(where, i), "expected a number, found " + typeOf(v[i]));
    }
    return out;
}

std::vector<double> readNumberArray(const Json& object, std::string_view key, const std::string& path,
                                    std::size_t count) {
    return readNumbers(requireMember(object, key, path), jsonPath(path, key), count);
}

std::vector<int> readIntArray(const Json& object, std::string_view key, const std::string& path,
                              std::size_t count, int min, int max) {
    const Json& v = requireMember(object, key, path);
    const std::string where = jsonPath(path, key);
    if (!v.is_array()) fail(where, "expected an array of integers, found " + typeOf(v));
    if (v.size() != count)
        fail(where, "expected " + std::to_string(count) + " integers, got " + std::to_string(v.size()));
    std::vector<int> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Json& x = v[i];
        if (!x.is_number_integer()) fail(indexPath(where, i), "expected an integer, found " + typeOf(x));
        const auto value = x.get<std::int64_t>();
        if (value < min || value > max)
            fail(indexPath(where, i), "must be between " + std::to_string(min) + " and " +
                                          std::to_string(max) + ", got " + std::to_string(value));
        out[i] = static_cast<int>(value);
    }
    return out;
}

Json numberOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

double jsonNumber(float value) {
    // The shortest decimal that reads back as this float may, read as a double, land on a
    // different float (double rounding); then fall back to the exact double of the float.
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (written.ec == std::errc{}) {
        double shortest = 0.0;
        const auto parsed = std::from_chars(buffer, written.ptr, shortest);
        if (parsed.ec == std::errc{} && static_cast<float>(shortest) == value) return shortest;
    }
    return static_cast<double>(value);
}

Json floatsToJson(const std::vector<float>& values) {
    Json out = Json::array();
    for (float v : values) out.push_back(jsonNumber(v));
    return out;
}

Json matrixToJson(const Matrix& m) {
    Json data = Json::array();
    const float* p = m.data();  // row-major storage: exactly the order the format promises
    for (Eigen::Index i = 0; i < m.size(); ++i) data.push_back(jsonNumber(p[i]));
    Json out = Json::object();
    out["shape"] = {m.rows(), m.cols()};
    out["data"] = std::move(data);
    return out;
}

}  // namespace moe
