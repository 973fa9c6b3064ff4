# Interface targets that carry the project's compile settings. Targets link them PRIVATE,
# so nothing leaks to consumers and nothing is set globally.

add_library(moe_options INTERFACE)
add_library(moe::options ALIAS moe_options)
target_compile_features(moe_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

# The x86-64 code level (MOE_ARCH, docs/benchmarks.md says what each gives). v3 is the
# portable default: AVX2 + FMA roughly double Eigen's products, and every x86-64 server
# CPU of the last decade has them. So that tests never die of SIGILL on an older host, a
# tiny AVX2 + FMA + BMI2 program is built and run first; if it cannot run, v2 is used.
if(MOE_NATIVE)
  set(MOE_ARCH native)
endif()
if(NOT MOE_ARCH MATCHES "^(v3|v2|native)$")
  message(FATAL_ERROR "MOE_ARCH=${MOE_ARCH}: must be v3, v2 or native")
endif()
set(MOE_ARCH_FLAG "")
if(MOE_ARCH STREQUAL "native")
  set(MOE_ARCH_FLAG -march=native)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(MOE_ARCH_FLAG -march=x86-64-${MOE_ARCH})
  if(MOE_ARCH STREQUAL "v3")
    include(CheckCXXSourceRuns)
    set(CMAKE_REQUIRED_FLAGS -march=x86-64-v3)
    set(CMAKE_REQUIRED_QUIET ON)
    check_cxx_source_runs([[
      #include <immintrin.h>
      #include <cstdio>
      int main(int argc, char**) {
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") ||
            !__builtin_cpu_supports("bmi2")) return 1;
        volatile float in = static_cast<float>(argc);
        __m256 a = _mm256_set1_ps(in);
        __m256 b = _mm256_fmadd_ps(a, a, a);                        // FMA
        __m256i c = _mm256_add_epi32(_mm256_castps_si256(b),        // AVX2
                                     _mm256_set1_epi32(1));
        unsigned bits = _pdep_u32(static_cast<unsigned>(_mm256_extract_epi32(c, 3)), 0xffu);  // BMI2
        std::printf("%u", bits);  // keeps the work from being optimised away
        return 0;
      }]] MOE_HOST_RUNS_X86_64_V3)
    unset(CMAKE_REQUIRED_FLAGS)
    unset(CMAKE_REQUIRED_QUIET)
    if(NOT MOE_HOST_RUNS_X86_64_V3)
      message(WARNING "MOE_ARCH=v3: this machine cannot run AVX2/FMA/BMI2 code (or the compiler "
                      "cannot build it); building for x86-64-v2 instead, which is about half as "
                      "fast in the matrix products. Pass -DMOE_ARCH=v2 to silence this.")
      set(MOE_ARCH_FLAG -march=x86-64-v2)
    endif()
  endif()
endif()
if(MOE_ARCH_FLAG)
  target_compile_options(moe_options INTERFACE ${MOE_ARCH_FLAG})
endif()
message(STATUS "MoE Explorer: code level MOE_ARCH=${MOE_ARCH} (${MOE_ARCH_FLAG})")

if(MOE_SANITIZE)
  target_compile_options(moe_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                               -fno-sanitize-recover=undefined)
  target_link_options(moe_options INTERFACE -fsanitize=address,undefined)
endif()

add_library(moe_warnings INTERFACE)
add_library(moe::warnings ALIAS moe_warnings)
target_compile_options(moe_warnings INTERFACE -Wall -Wextra -Wshadow -Wconversion -Wpedantic
                                              -Wno-sign-conversion)
if(MOE_WARNINGS_AS_ERRORS)
  target_compile_options(moe_warnings INTERFACE -Werror)
endif()
