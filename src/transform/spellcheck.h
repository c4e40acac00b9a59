// "Did you mean" for names the user mistyped: transforms, functions, flags, pipeline keys.
#pragma once

#include <string_view>
#include <vector>

namespace recproc::transform {

/// The closest of `candidates` to `word` within an edit distance of 2 (small typos only, as
/// ninja's SpellcheckString), or empty.
std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates);

}  // namespace recproc::transform
