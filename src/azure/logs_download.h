// Downloads a time range of one table completely and exactly (issue 16): the range is cut into
// half-open windows [from, to), fetched a few at a time, and handed to the sink in time order. A
// window the service truncates at its size limits (PartialError E_QUERY_RESULT_SET_TOO_LARGE:
// about 500,000 rows or 64 MB, with HTTP 200) is split in two and fetched again, down to a
// minimum window; only a true service error fails the download.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "azure/entra_token.h"
#include "azure/log_analytics.h"
#include "azure/logs_table.h"
#include "net/http_client.h"

namespace recproc::azure {

/// One worker's connection: a libcurl handle is used by one thread at a time, so each worker has
/// its own; the credential chain (thread-safe, caching per scope) is shared, so the run signs in
/// once.
struct LogsConnection {
  LogsConnection(const net::HttpOptions& options, std::shared_ptr<CredentialChain> chain,
                 std::string scope, std::string endpoint, net::RetryPolicy retry = {});
  net::HttpClient http;
  EntraToken token;
  LogAnalyticsClient client;
};
using LogsConnectionFactory = std::function<std::unique_ptr<LogsConnection>()>;

struct LogsWindowPlan {
  /// The target (workspace or resource), server timeout, statistics and --allow-partial; each
  /// window sets its own query, timespan and window label.
  LogsQuery base;
  std::string table;
  /// Rows of this resource only, by a KQL filter on resource_column (workspace queries).
  std::optional<std::string> resource_filter;
  std::string resource_column = "_ResourceId";
  std::int64_t from = 0;  ///< seconds since the epoch, UTC; the range is [from, to)
  std::int64_t to = 0;
  std::int64_t window = 0;      ///< seconds per first-cut window; 0 starts with one window
  std::int64_t min_window = 1;  ///< a truncated window this short fails instead of splitting
  int concurrency = 4;          ///< windows fetched at a time
};

/// What one window returned, for the report.
struct LogsWindowStats {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::size_t rows = 0;
  std::string statistics;  ///< the service's statistics object (--include-statistics), or empty
};

struct LogsDownloadSummary {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::size_t windows = 0;  ///< windows fetched completely
  std::size_t splits = 0;   ///< windows split in two because the service truncated them
  int requests = 0;         ///< query requests sent, retries and truncated windows included
  int retries = 0;
  std::vector<LogsWindowStats> window_stats;  ///< in time order
  std::vector<std::string> partial_errors;    ///< --allow-partial: other partial results' messages
};

struct LogsProgress {
  std::size_t windows_done = 0;
  std::size_t windows_known = 0;  ///< grows when windows are split
  std::size_t rows = 0;
};

/// [from, to) cut at multiples of `window` seconds after `from` (the last window may be shorter);
/// one window when `window` is 0. plan_windows(0, 10, 4) == {{0,4},{4,8},{8,10}}.
std::vector<std::pair<std::int64_t, std::int64_t>> plan_windows(std::int64_t from, std::int64_t to,
                                                                std::int64_t window);

/// Fetches every window and writes them to `sink` in time order: columns() once (from the first
/// window), then every row. Throws as LogAnalyticsClient::query does for a window that fails (its
/// message names the window); DataError when a window of `min_window` seconds is still truncated,
/// or when windows disagree on the columns. `progress` runs on the calling thread after each
/// window is written.
LogsDownloadSummary download_windows(const LogsWindowPlan& plan,
                                     const LogsConnectionFactory& connect, LogsRowSink& sink,
                                     const std::function<void(const LogsProgress&)>& progress = {});

}  // namespace recproc::azure
