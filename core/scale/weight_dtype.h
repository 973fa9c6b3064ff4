#pragma once
// Intended usage: the number formats weights (and the activations an all-to-all carries)
// are stored in, with their size in bytes per value. int4 counts half a byte and no
// quantisation scales; fp8 one byte and no scales.
//
//   double bytes = params * bytesPerValue(WeightDtype::Bf16);
//   std::optional<WeightDtype> d = weightDtypeFromName("fp8");

#include <array>
#include <optional>
#include <string>

namespace moe {

enum class WeightDtype { Fp32, Bf16, Fp8, Int4 };

/// All formats, widest first.
const std::array<WeightDtype, 4>& allWeightDtypes();
double bytesPerValue(WeightDtype dtype);
/// "fp32", "bf16", "fp8", "int4".
const char* weightDtypeName(WeightDtype dtype);
std::optional<WeightDtype> weightDtypeFromName(const std::string& name);

}  // namespace moe
