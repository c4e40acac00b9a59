// The `timespan` of a Log Analytics query (issue 7): an ISO-8601 duration for --since, or a
// start/end pair for --from/--to, as the query API documents
// (https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format).
#pragma once

#include <string>
#include <string_view>

namespace recproc::azure {

/// "30s" "15m" "24h" "7d" -> "PT30S" "PT15M" "PT24H" "P7D"; throws UsageError otherwise.
std::string timespan_since(std::string_view since);

/// "<from>/<to>" after checking both are ISO-8601 dates or date-times (UTC unless they carry an
/// offset) and that from is before to: timespan_between("2024-05-01", "2024-05-02T06:00:00Z")
/// == "2024-05-01/2024-05-02T06:00:00Z". Throws UsageError naming --from or --to otherwise.
std::string timespan_between(std::string_view from, std::string_view to);

}  // namespace recproc::azure
