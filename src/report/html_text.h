// Text for the HTML report: escaping of everything that comes from data, and numbers as people
// read them (12,345; 3.4%).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace recproc::report {

/// Escapes & < > " ' so that a value is inert in element text and in quoted attributes alike.
std::string html_escape(std::string_view text);

/// At most `max_chars` characters (code points, never half of one), with "…" when cut.
std::string shorten(std::string_view utf8, std::size_t max_chars);

/// Escaped like html_escape, with a line-break opportunity (<wbr>) after each '/' and '.', so
/// that a long JSON Pointer or keyword location wraps at its parts, not inside a name.
std::string html_breakable(std::string_view text);

/// Bytes in decimal units: 950 -> "950 B", 228063 -> "228.1 kB", 2000000 -> "2.0 MB".
std::string human_bytes(std::uint64_t bytes);

/// 1234567 -> "1,234,567".
std::string grouped(std::uint64_t n);

/// A share as a percentage with sensible digits: 0 -> "0%", 0.0123 -> "1.23%", 1 -> "100%".
std::string percent(double share);

/// A number read from JSON for display: integers grouped, others with up to 4 decimals.
std::string display_number(double v);

}  // namespace recproc::report
