// Small helpers to read the arguments of a transform spec.
#pragma once

#include <chrono>
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

namespace recproc::transform {

/// Splits a command line the way a POSIX shell splits words, without expanding anything:
/// blanks separate words, 'single quotes' keep everything, "double quotes" keep everything but
/// \" and \\, and a backslash outside quotes keeps the next character. Throws UsageError for an
/// unterminated quote.
std::vector<std::string> split_words(std::string_view line);

/// "300s", "5m", "2h", "1500ms" or a bare number of seconds; throws UsageError naming `what`.
std::chrono::milliseconds parse_duration(std::string_view text, std::string_view what);

}  // namespace recproc::transform
