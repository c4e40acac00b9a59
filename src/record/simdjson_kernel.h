// Chooses simdjson's SIMD kernel before the first parser is made.
#pragma once

#include <string_view>

namespace recproc {

/// simdjson picks its AVX-512 ("icelake") kernel on any CPU that has AVX-512, but on AMD Zen 4
/// and later that kernel's minifier runs about 4x slower than the AVX2 ("haswell") one
/// (vpcompressb to memory is microcoded there; simdjson issue #2334, fixed in 3.12, newer than
/// Debian 12's 3.1). W3 spends most of its time in the minifier, so on AMD the AVX2 kernel is
/// chosen instead. SIMDJSON_FORCE_IMPLEMENTATION, when set, is left to win. Safe to call many
/// times and from many threads; the choice is made once. Returns the active kernel's name.
std::string_view choose_simdjson_kernel();

}  // namespace recproc
