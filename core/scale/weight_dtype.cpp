#include "core/scale/weight_dtype.h"

#include "core/util/name_table.h"

namespace moe {
namespace {

constexpr std::array kDtypeNames{std::pair{WeightDtype::Fp32, "fp32"},
                                 std::pair{WeightDtype::Bf16, "bf16"},
                                 std::pair{WeightDtype::Fp8, "fp8"},
                                 std::pair{WeightDtype::Int4, "int4"}};

}  // namespace

const std::array<WeightDtype, 4>& allWeightDtypes() {
    static const std::array<WeightDtype, 4> all{WeightDtype::Fp32, WeightDtype::Bf16,
                                                WeightDtype::Fp8, WeightDtype::Int4};
    return all;
}

double bytesPerValue(WeightDtype dtype) {
    switch (dtype) {
        case WeightDtype::Fp32: return 4.0;
        case WeightDtype::Bf16: return 2.0;
        case WeightDtype::Fp8: return 1.0;
        case WeightDtype::Int4: return 0.5;
    }
    return 0.0;
}

const char* weightDtypeName(WeightDtype dtype) { return nameOf(kDtypeNames, dtype); }

std::optional<WeightDtype> weightDtypeFromName(const std::string& name) {
    return lookup(kDtypeNames, name);
}

}  // namespace moe
