// Sizes and durations on the command line: --chunk-size, --block-size, --timeout.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recproc::cli {

/// Parses "4096", "64K", "8M", "1G" (binary units; "KiB", "MiB", "GiB" and a trailing "B" are
/// accepted too). Throws UsageError naming `flag` for anything else, zero or an overflow.
std::size_t parse_size(const std::string& text, std::string_view flag);

/// Parses "90", "90s", "30m", "2h", "1.5h" into seconds. Throws UsageError naming `flag` for
/// anything else or a value that is not positive.
double parse_duration(const std::string& text, std::string_view flag);

}  // namespace recproc::cli
