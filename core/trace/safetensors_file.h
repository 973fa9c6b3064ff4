#pragma once
// Intended usage: the container of a routing trace, safetensors (github.com/huggingface/
// safetensors): an 8-byte little-endian header length N, N bytes of JSON naming each tensor's
// dtype, shape and byte range, then the tensors' raw little-endian bytes. open() reads and
// checks the header against the file (every tensor's range fits its shape and dtype, the
// ranges cover the data exactly); the tensors are then read in pieces, converted as they
// come, so memory holds the destination and one piece, never the file.
//
//   Result<SafetensorsFile> f = SafetensorsFile::open(path, kMaxTraceFileBytes, kMaxTraceHeaderBytes);
//   const SafetensorsTensor* ids = f.value().find("expert_ids");   // shape [L, T, k]
//   Status s = f.value().readIntegers(*ids, [&](std::size_t first, std::span<const std::int64_t> v) {
//       ... v[i] is element first + i, row-major ...; return Status{};
//   });
// Errors are one line naming the file and the field: "t.safetensors: expert_ids:
// data_offsets: ..." (the file's strings shown through visibleText).

#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

enum class SafetensorsDtype { U8, I8, U16, I16, U32, I32, U64, I64, F16, BF16, F32, F64 };

/// Bytes per element; "U8", "BF16", ...
std::size_t dtypeBytes(SafetensorsDtype dtype);
const char* dtypeName(SafetensorsDtype dtype);
bool isFloatDtype(SafetensorsDtype dtype);

struct SafetensorsTensor {
    std::string name;
    SafetensorsDtype dtype = SafetensorsDtype::U8;
    std::vector<std::uint64_t> shape;
    std::uint64_t begin = 0;  ///< byte range in the data part (after the header)
    std::uint64_t end = 0;
    std::uint64_t elements() const;
    /// "[48, 100000, 8]"
    std::string shapeText() const;
};

class SafetensorsFile {
public:
    /// Opens a regular file of at most `maxBytes` and checks its header (at most
    /// `maxHeaderBytes`) against the data: refuses a truncated file, a header whose byte
    /// ranges do not match the data's length or the tensors' shapes, and malformed JSON.
    static Result<SafetensorsFile> open(const std::string& path, std::uint64_t maxBytes,
                                        std::uint64_t maxHeaderBytes);

    const std::string& path() const { return m_path; }
    /// The "__metadata__" strings (an empty object without them).
    const nlohmann::ordered_json& metadata() const { return m_metadata; }
    const std::vector<SafetensorsTensor>& tensors() const { return m_tensors; }
    const SafetensorsTensor* find(std::string_view name) const;

    /// Integer elements, in pieces of row-major elements (`first` is the index of the first).
    /// A float tensor is refused; `consume` may stop the read by returning an error.
    using IntegerPiece = std::function<Status(std::size_t first, std::span<const std::int64_t> values)>;
    Status readIntegers(const SafetensorsTensor& tensor, const IntegerPiece& consume) const;
    /// Float elements as float (F64 narrowed, F16 and BF16 widened); integers refused.
    using FloatPiece = std::function<Status(std::size_t first, std::span<const float> values)>;
    Status readFloats(const SafetensorsTensor& tensor, const FloatPiece& consume) const;

    /// "<path>: <field>: <what>" with the path shown through visibleText.
    Error error(const std::string& field, const std::string& what) const;

private:
    Status readRaw(const SafetensorsTensor& tensor,
                   const std::function<Status(std::size_t, const unsigned char*, std::size_t)>& consume) const;

    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::string m_path;
    std::unique_ptr<std::FILE, Closer> m_file;
    std::uint64_t m_dataStart = 0;
    nlohmann::ordered_json m_metadata = nlohmann::ordered_json::object();
    std::vector<SafetensorsTensor> m_tensors;
};

}  // namespace moe
