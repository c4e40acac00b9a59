// Which of simdjson's SIMD kernels runs each job. simdjson picks one kernel for everything, its
// widest; on AMD that is the wrong one for minifying, so the choice is made per job here.
#pragma once

#include <cstddef>
#include <string_view>

namespace recproc {

/// Minifies JSON `text` into `out` (room for text.size() + 64 bytes); false on malformed JSON.
/// simdjson's AVX-512 ("icelake") minifier runs about 4x slower than its AVX2 ("haswell") one on
/// AMD Zen 4 and later (vpcompressb to memory is microcoded there; simdjson issue #2334, fixed in
/// 3.12, newer than Debian 12's 3.0.1), so on AMD this minifies with the AVX2 kernel. Stage 1
/// (the structural index the parser walks) has no such problem and runs 30-40% faster with
/// AVX-512, so the parser keeps simdjson's own choice. SIMDJSON_FORCE_IMPLEMENTATION, when set,
/// wins for both.
bool minify_json(std::string_view text, char* out, std::size_t& written);

/// The kernel minify_json uses ("haswell", "icelake", ...); chosen once, on first use.
std::string_view minify_kernel_name();

}  // namespace recproc
