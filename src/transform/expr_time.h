// ISO-8601 timestamps for ts(), year(), month(), day() and hour(). All times are UTC instants
// between 0000-01-01 and 9999-12-31; a zone offset in the text is applied when parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace recproc::transform::expr {

struct Instant {
  std::int64_t seconds = 0;  ///< since 1970-01-01T00:00:00Z
  std::uint32_t nanos = 0;   ///< 0..999'999'999
};

struct CivilTime {
  std::int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

/// Parses `YYYY-MM-DD`, optionally followed by `T` (or a space) `HH:MM[:SS[.fraction]]` and a
/// zone (`Z`, `+HH:MM`, `+HHMM`, `+HH`); without a zone the time is UTC. Digits past nanoseconds
/// are truncated. nullopt when the text is not such a timestamp or names an impossible date.
std::optional<Instant> parse_iso8601(std::string_view text);

/// Seconds since the epoch (fraction allowed) to an instant; nullopt outside the year range.
std::optional<Instant> instant_from_seconds(double seconds);

/// Whole seconds since the epoch; nullopt outside the year range.
std::optional<Instant> instant_from_int(std::int64_t seconds);

CivilTime to_civil(std::int64_t seconds);

/// `2024-05-01T12:00:00Z`, with a fraction of 3, 6 or 9 digits when nanos is not zero.
/// Writes at most 32 bytes; returns the length.
std::size_t format_iso8601(const Instant& t, char* out);

}  // namespace recproc::transform::expr
