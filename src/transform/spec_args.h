// Small helpers to read the arguments of a transform spec.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recproc::transform {

/// Splits "a, b ,c" on commas (outside ["..."] brackets) and trims each item; drops empties.
std::vector<std::string> split_list(std::string_view args);

/// Splits a spec into its first word and the rest, both trimmed: "select a,b" -> {"select","a,b"}.
std::pair<std::string_view, std::string_view> split_verb(std::string_view spec);

std::string_view trim(std::string_view s);

}  // namespace recproc::transform
