# Interface targets that carry the project's compile settings. Targets link them PRIVATE,
# so nothing leaks to consumers and nothing is set globally.

add_library(moe_options INTERFACE)
add_library(moe::options ALIAS moe_options)
target_compile_features(moe_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

if(MOE_NATIVE)
  target_compile_options(moe_options INTERFACE -march=native)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  target_compile_options(moe_options INTERFACE -march=x86-64-v2)
endif()

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
