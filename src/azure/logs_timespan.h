// The `timespan` of a Log Analytics query (issue 7): an ISO-8601 duration for --since, or a
// start/end pair for --from/--to, as the query API documents
// (https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::azure {

// Parse errors are UsageErrors that name the value; the caller puts the flag in front.

/// "30s" "15m" "24h" "7d" -> "PT30S" "PT15M" "PT24H" "P7D"; throws UsageError otherwise.
std::string timespan_since(std::string_view since);

/// Seconds since the epoch (UTC) of an ISO-8601 date or date-time (UTC unless it carries an
/// offset; fractions of a second are dropped: the time is floored to its second), or nullopt.
std::optional<std::int64_t> parse_utc_seconds(std::string_view text);

/// parse_utc_seconds, throwing UsageError for text that is not such a time.
std::int64_t utc_seconds(std::string_view text);

/// "2024-05-01T06:00:00Z" for 1714543200: the form windows, KQL datetime() literals and the
/// state file use.
std::string format_utc_seconds(std::int64_t seconds);

/// "30s" "15m" "24h" "7d" -> seconds; throws UsageError otherwise.
std::int64_t duration_seconds(std::string_view text);

}  // namespace recproc::azure
