#include "core/trace/safetensors_file.h"

#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/util/quote_for_message.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

static_assert(std::endian::native == std::endian::little,
              "the safetensors reader copies little-endian bytes as they are");

namespace moe {
namespace {

using Json = nlohmann::ordered_json;

struct DtypeInfo {
    SafetensorsDtype dtype;
    const char* name;
    std::size_t bytes;
};

constexpr DtypeInfo kDtypes[] = {
    {SafetensorsDtype::U8, "U8", 1},    {SafetensorsDtype::I8, "I8", 1},
    {SafetensorsDtype::U16, "U16", 2},  {SafetensorsDtype::I16, "I16", 2},
    {SafetensorsDtype::U32, "U32", 4},  {SafetensorsDtype::I32, "I32", 4},
    {SafetensorsDtype::U64, "U64", 8},  {SafetensorsDtype::I64, "I64", 8},
    {SafetensorsDtype::F16, "F16", 2},  {SafetensorsDtype::BF16, "BF16", 2},
    {SafetensorsDtype::F32, "F32", 4},  {SafetensorsDtype::F64, "F64", 8},
};

const DtypeInfo& info(SafetensorsDtype dtype) {
    return kDtypes[static_cast<std::size_t>(dtype)];
}

constexpr std::size_t kPieceBytes = std::size_t{1} << 20;
constexpr std::uint64_t kMaxDimension = std::uint64_t{1} << 40;

template <class T>
T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t{h & 0x8000u} << 16;
    std::uint32_t exponent = (h >> 10) & 0x1fu;
    std::uint32_t mantissa = h & 0x3ffu;
    std::uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);  // inf or NaN
    } else if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            exponent = 1;
            while (!(mantissa & 0x400u)) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3ffu;
            bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
        }
    } else {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    }
    return std::bit_cast<float>(bits);
}

std::int64_t integerAt(SafetensorsDtype dtype, const unsigned char* p, bool* tooLarge) {
    switch (dtype) {
    case SafetensorsDtype::U8: return *p;
    case SafetensorsDtype::I8: return static_cast<std::int8_t>(*p);
    case SafetensorsDtype::U16: return load<std::uint16_t>(p);
    case SafetensorsDtype::I16: return load<std::int16_t>(p);
    case SafetensorsDtype::U32: return load<std::uint32_t>(p);
    case SafetensorsDtype::I32: return load<std::int32_t>(p);
    case SafetensorsDtype::I64: return load<std::int64_t>(p);
    case SafetensorsDtype::U64: {
        const std::uint64_t v = load<std::uint64_t>(p);
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            *tooLarge = true;
            return std::numeric_limits<std::int64_t>::max();
        }
        return static_cast<std::int64_t>(v);
    }
    default: return 0;
    }
}

float floatAt(SafetensorsDtype dtype, const unsigned char* p) {
    switch (dtype) {
    case SafetensorsDtype::F16: return halfToFloat(load<std::uint16_t>(p));
    case SafetensorsDtype::BF16: return std::bit_cast<float>(std::uint32_t{load<std::uint16_t>(p)} << 16);
    case SafetensorsDtype::F32: return load<float>(p);
    case SafetensorsDtype::F64: return static_cast<float>(load<double>(p));
    default: return 0.0f;
    }
}

SafetensorsTensor readTensorEntry(const std::string& name, const Json& entry) {
    const std::string path = jsonPath("", name);
    requireObject(entry, path);
    rejectUnknownKeys(entry, {"dtype", "shape", "data_offsets"}, path);
    SafetensorsTensor t;
    t.name = name;
    const std::string dtype = readString(entry, "dtype", path);
    const auto found = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                    [&](const DtypeInfo& d) { return dtype == d.name; });
    if (found == std::end(kDtypes))
        throw JsonFieldError(path + ".dtype: unknown dtype " + quoteForMessage(dtype) +
                             " (U8, I8, U16, I16, U32, I32, U64, I64, F16, BF16, F32, F64)");
    t.dtype = found->dtype;
    const Json& shape = requireArray(entry, "shape", path, 8);
    std::uint64_t elements = 1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (!shape[i].is_number_unsigned() || shape[i].get<std::uint64_t>() > kMaxDimension)
            throw JsonFieldError(path + ".shape[" + std::to_string(i) + "]: expected a size from 0 to 2^40, found " +
                                 describeFound(shape[i]));
        t.shape.push_back(shape[i].get<std::uint64_t>());
        if (t.shape.back() != 0 && elements > kMaxDimension / t.shape.back())
            throw JsonFieldError(path + ".shape: more than 2^40 elements");
        elements *= t.shape.back();
    }
    const Json& offsets = requireArray(entry, "data_offsets", path, 2);
    if (offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
        throw JsonFieldError(path + ".data_offsets: expected [begin, end], two byte offsets");
    t.begin = offsets[0].get<std::uint64_t>();
    t.end = offsets[1].get<std::uint64_t>();
    if (t.end < t.begin) throw JsonFieldError(path + ".data_offsets: ends before it begins");
    if (t.end - t.begin != elements * found->bytes)
        throw JsonFieldError(path + ".data_offsets: " + std::to_string(t.end - t.begin) + " bytes, but shape " +
                             t.shapeText() + " of " + found->name + " needs " +
                             std::to_string(elements * found->bytes));
    return t;
}

}  // namespace

std::size_t dtypeBytes(SafetensorsDtype dtype) { return info(dtype).bytes; }
const char* dtypeName(SafetensorsDtype dtype) { return info(dtype).name; }
bool isFloatDtype(SafetensorsDtype dtype) {
    return dtype == SafetensorsDtype::F16 || dtype == SafetensorsDtype::BF16 || dtype == SafetensorsDtype::F32 ||
           dtype == SafetensorsDtype::F64;
}

std::uint64_t SafetensorsTensor::elements() const {
    std::uint64_t n = 1;
    for (std::uint64_t d : shape) n *= d;
    return n;
}

std::string SafetensorsTensor::shapeText() const {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

Error SafetensorsFile::error(const std::string& field, const std::string& what) const {
    return Error{visibleText(m_path) + ": " + (field.empty() ? "" : field + ": ") + what};
}

Result<SafetensorsFile> SafetensorsFile::open(const std::string& path, std::uint64_t maxBytes,
                                              std::uint64_t maxHeaderBytes) {
    SafetensorsFile f;
    f.m_path = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return f.error("", std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return f.error("", "cannot open: is a directory");
    if (!S_ISREG(st.st_mode)) return f.error("", "not a regular file (a trace is read by its byte offsets)");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > maxBytes) return Error{tooLargeMessage(path, "routing trace", maxBytes)};
    f.m_file.reset(std::fopen(path.c_str(), "rb"));
    if (!f.m_file) return f.error("", std::string("cannot open: ") + std::strerror(errno));

    unsigned char lengthBytes[8];
    if (size < 8 || std::fread(lengthBytes, 1, 8, f.m_file.get()) != 8)
        return f.error("", "truncated: not even the 8-byte header length of a safetensors file");
    const auto headerBytes = load<std::uint64_t>(lengthBytes);
    if (headerBytes > maxHeaderBytes)
        return f.error("header", "its length field says " + std::to_string(headerBytes) + " bytes, over the " +
                                     std::to_string(maxHeaderBytes >> 20) + " MiB limit (not a safetensors file?)");
    if (headerBytes > size - 8)
        return f.error("header", "truncated: the header needs " + std::to_string(headerBytes) + " bytes, the file has " +
                                     std::to_string(size - 8) + " after its length field");
    std::string text(headerBytes, '\0');
    if (headerBytes > 0 && std::fread(text.data(), 1, headerBytes, f.m_file.get()) != headerBytes)
        return f.error("header", std::string("cannot read: ") + std::strerror(errno));
    f.m_dataStart = 8 + headerBytes;
    const std::uint64_t dataBytes = size - f.m_dataStart;

    Json header;
    try {
        header = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        return f.error("header", "not valid JSON: " + withoutExceptionTag(e.what()));
    }
    if (!header.is_object()) return f.error("header", "expected a JSON object, found " + describeFound(header));
    Result<std::vector<SafetensorsTensor>> tensors = catchJsonErrors<std::vector<SafetensorsTensor>>([&] {
        std::vector<SafetensorsTensor> list;
        for (const auto& [key, value] : header.items()) {
            if (key == "__metadata__") {
                requireObject(value, key);
                for (const auto& [name, v] : value.items())
                    if (!v.is_string())
                        throw JsonFieldError(jsonPath(key, name) + ": expected a string, found " + describeFound(v));
                f.m_metadata = value;
                continue;
            }
            list.push_back(readTensorEntry(key, value));
        }
        return list;
    });
    if (!tensors) return f.error("", tensors.error());
    f.m_tensors = std::move(tensors).value();

    // The ranges must tile the data: no gap, no overlap, nothing after the last.
    std::vector<const SafetensorsTensor*> byBegin;
    for (const SafetensorsTensor& t : f.m_tensors) byBegin.push_back(&t);
    std::sort(byBegin.begin(), byBegin.end(), [](const SafetensorsTensor* a, const SafetensorsTensor* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    std::uint64_t at = 0;
    for (const SafetensorsTensor* t : byBegin) {
        const std::string field = jsonPath("", t->name) + ".data_offsets";
        if (t->end > dataBytes)
            return f.error(field, "ends at byte " + std::to_string(t->end) + " of the data, which has " +
                                      std::to_string(dataBytes) + " (a truncated file?)");
        if (t->begin < at) return f.error(field, "overlaps another tensor's bytes");
        if (t->begin > at)
            return f.error(field, "leaves bytes " + std::to_string(at) + " to " + std::to_string(t->begin) +
                                      " of the data unused (the header does not match the data)");
        at = t->end;
    }
    if (at != dataBytes)
        return f.error("header", "the tensors cover " + std::to_string(at) + " bytes of data, the file has " +
                                     std::to_string(dataBytes) + " (the header does not match the data's length)");
    return f;
}

const SafetensorsTensor* SafetensorsFile::find(std::string_view name) const {
    for (const SafetensorsTensor& t : m_tensors)
        if (t.name == name) return &t;
    return nullptr;
}

Status SafetensorsFile::readRaw(
    const SafetensorsTensor& tensor,
    const std::function<Status(std::size_t, const unsigned char*, std::size_t)>& consume) const {
    const std::size_t bytes = dtypeBytes(tensor.dtype);
    const std::size_t perPiece = kPieceBytes / bytes;
    std::vector<unsigned char> piece(perPiece * bytes);
    if (::fseeko(m_file.get(), static_cast<off_t>(m_dataStart + tensor.begin), SEEK_SET) != 0)
        return error(jsonPath("", tensor.name), std::string("cannot read: ") + std::strerror(errno));
    const std::uint64_t total = tensor.elements();
    for (std::uint64_t first = 0; first < total; first += perPiece) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(perPiece, total - first));
        if (std::fread(piece.data(), bytes, n, m_file.get()) != n)
            return error(jsonPath("", tensor.name), "truncated: the file ended while reading it");
        if (Status s = consume(static_cast<std::size_t>(first), piece.data(), n); !s) return s;
    }
    return {};
}

Status SafetensorsFile::readIntegers(const SafetensorsTensor& tensor, const IntegerPiece& consume) const {
    if (isFloatDtype(tensor.dtype))
        return error(jsonPath("", tensor.name) + ".dtype", std::string("expected integers, found ") + dtypeName(tensor.dtype));
    std::vector<std::int64_t> values;
    const std::size_t bytes = dtypeBytes(tensor.dtype);
    return readRaw(tensor, [&](std::size_t first, const unsigned char* p, std::size_t n) -> Status {
        values.resize(n);
        bool tooLarge = false;
        for (std::size_t i = 0; i < n; ++i) values[i] = integerAt(tensor.dtype, p + i * bytes, &tooLarge);
        if (tooLarge) return error(jsonPath("", tensor.name), "a value over 2^63");
        return consume(first, values);
    });
}

Status SafetensorsFile::readFloats(const SafetensorsTensor& tensor, const FloatPiece& consume) const {
    if (!isFloatDtype(tensor.dtype))
        return error(jsonPath("", tensor.name) + ".dtype", std::string("expected floats, found ") + dtypeName(tensor.dtype));
    std::vector<float> values;
    const std::size_t bytes = dtypeBytes(tensor.dtype);
    return readRaw(tensor, [&](std::size_t first, const unsigned char* p, std::size_t n) -> Status {
        values.resize(n);
        if (tensor.dtype == SafetensorsDtype::F32)
            std::memcpy(values.data(), p, n * sizeof(float));
        else
            for (std::size_t i = 0; i < n; ++i) values[i] = floatAt(tensor.dtype, p + i * bytes);
        return consume(first, values);
    });
}

}  // namespace moe
