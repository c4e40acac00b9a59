// The `timespan` of a Log Analytics query (issue 7): an ISO-8601 duration for --since, or a
// start/end pair for --from/--to, as the query API documents
// (https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::azure {

/// "30s" "15m" "24h" "7d" -> "PT30S" "PT15M" "PT24H" "P7D"; throws UsageError otherwise.
std::string timespan_since(std::string_view since);

/// "<from>/<to>" after checking both are ISO-8601 dates or date-times (UTC unless they carry an
/// offset) and that from is before to: timespan_between("2024-05-01", "2024-05-02T06:00:00Z")
/// == "2024-05-01/2024-05-02T06:00:00Z". Throws UsageError naming --from or --to otherwise.
std::string timespan_between(std::string_view from, std::string_view to);

/// Seconds since the epoch (UTC) of an ISO-8601 date or date-time as --from accepts it
/// (fractions of a second are dropped: the time is floored to its second), or nullopt.
std::optional<std::int64_t> parse_utc_seconds(std::string_view text);

/// "2024-05-01T06:00:00Z" for 1714543200: the form windows, KQL datetime() literals and the
/// state file use.
std::string format_utc_seconds(std::int64_t seconds);

/// "30s" "15m" "24h" "7d" -> seconds; throws UsageError naming `flag` otherwise.
std::int64_t duration_seconds(std::string_view text, std::string_view flag);

}  // namespace recproc::azure
