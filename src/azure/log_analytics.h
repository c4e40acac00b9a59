// Runs one KQL query against a Log Analytics workspace or one Azure resource through the query API
// and streams the result rows into a sink (issues 7, 16):
//   POST {endpoint}/v1/workspaces/{id}/query  {"query": ..., "timespan": ...}
//   POST {endpoint}/v1{resourceId}/query      (resource-centric, as LogsQueryClient.query_resource)
// https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format
// https://learn.microsoft.com/azure/azure-monitor/logs/api/timeouts (Prefer: wait=N)
#pragma once

#include <string>

#include "azure/bearer_api.h"
#include "azure/entra_token.h"
#include "azure/logs_response.h"
#include "azure/logs_table.h"
#include "net/http_client.h"

namespace recproc::azure {

inline constexpr const char* kLogsDefaultEndpoint = "https://api.loganalytics.azure.com";
/// The token scope of the Log Analytics query API in the public cloud.
inline constexpr const char* kLogsScope = "https://api.loganalytics.io/.default";
/// The service's own ceiling for Prefer: wait.
inline constexpr int kLogsMaxServerTimeout = 600;

struct LogsQuery {
  std::string workspace_id;  ///< the workspace GUID; or empty with resource_id
  /// An Azure resource id: the resource-centric endpoint POST /v1{resourceId}/query, which reads
  /// every workspace the resource sends to (issue 16). Used only when workspace_id is empty.
  std::string resource_id;
  std::string query;                ///< KQL text, sent as is
  std::string timespan;             ///< ISO-8601 duration or start/end; empty sends none
  int server_timeout_seconds = 0;   ///< Prefer: wait=N; 0 leaves the service default (180 s)
  bool allow_partial = false;       ///< write the rows of a partial result instead of failing
  bool include_statistics = false;  ///< Prefer: include-statistics=true
  std::string window;  ///< appended to the place in messages ("window <from>/<to>"), or empty
};

/// Throws UsageError for a --server-timeout out of 0..kLogsMaxServerTimeout, naming the value.
void check_server_timeout(int seconds);

/// Throws UsageError for a workspace id that is not a GUID, a resource id that is not an ARM id
/// (neither or both given), an empty query or a server timeout out of range: what
/// LogAnalyticsClient::query refuses before any request.
void validate_logs_query(const LogsQuery& query);

/// Where a query goes, for messages: "Log Analytics workspace <id>" or "Log Analytics resource
/// <id>", then ", window <from>/<to>" when the query is one window.
std::string logs_query_place(const LogsQuery& query);

/// The path of the query endpoint: "/v1/workspaces/<id>/query" or "/v1<resource id>/query", each
/// segment percent-encoded beyond RFC 3986's unreserved characters and "()" (ids are checked
/// first, so this is a second line of defence).
std::string logs_query_path(const LogsQuery& query);

/// The token scope for a query endpoint: the sovereign clouds' own audiences for
/// api.loganalytics.us and api.loganalytics.azure.cn, kLogsScope for any other endpoint.
std::string logs_scope_for(std::string_view endpoint);

/// HTTP options for a query: gzip accepted, and a client timeout beyond the server's.
net::HttpOptions logs_http_options(int server_timeout_seconds);

class LogAnalyticsClient {
 public:
  /// `endpoint` such as kLogsDefaultEndpoint; throws UsageError unless https (or loopback http).
  LogAnalyticsClient(net::HttpClient& http, EntraToken& token, std::string endpoint,
                     net::RetryPolicy retry = {});

  /// Validates the workspace id (UsageError, before any request), sends the query, retries
  /// 408/429/5xx honouring Retry-After, fetches a new token once on 401, and parses the 200
  /// response into `sink` (see parse_logs_response). Errors: 400 -> UsageError with the
  /// service's message; 401/403/404, exhausted retries and transport failures -> IoError.
  LogsResponseSummary query(const LogsQuery& query, LogsRowSink& sink);

  /// Requests sent so far, and how many of them were retries (throttling, 5xx, transport).
  int requests() const { return api_.requests(); }
  int retries() const { return api_.retries(); }

 private:
  BearerApi api_;
};

}  // namespace recproc::azure
