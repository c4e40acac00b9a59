#include "azure/log_analytics.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "azure/entra_credential.h"
#include "azure/kql.h"
#include "recproc/error.h"
#include "recproc/record.h"

namespace recproc::azure {
namespace {

// The API caps a response at about 100 MB; anything far beyond that is not a query result.
constexpr std::size_t kMaxResponseBytes = std::size_t{1} << 30;

std::string request_body(const LogsQuery& q) {
  std::string body = "{\"query\":";
  append_json_string(body, q.query);
  if (!q.timespan.empty()) {
    body += ",\"timespan\":";
    append_json_string(body, q.timespan);
  }
  body += '}';
  return body;
}

std::string with_message(std::string text, const std::string& body) {
  std::string message = logs_error_message(body);
  if (!message.empty()) text += ": " + message;
  return text;
}

}  // namespace

void check_server_timeout(int seconds) {
  if (seconds < 0 || seconds > kLogsMaxServerTimeout) {
    throw UsageError(std::to_string(seconds) + ": expected 1 to " +
                     std::to_string(kLogsMaxServerTimeout) + " seconds");
  }
}

void validate_logs_query(const LogsQuery& q) {
  if (q.workspace_id.empty() && !q.resource_id.empty()) {
    check_resource_id(q.resource_id);
  } else {
    check_workspace_id(q.workspace_id);
  }
  if (q.query.empty()) throw UsageError("the query is empty");
  check_server_timeout(q.server_timeout_seconds);
}

std::string logs_query_place(const LogsQuery& q) {
  std::string place = q.workspace_id.empty() && !q.resource_id.empty()
                          ? "Log Analytics resource " + q.resource_id
                          : "Log Analytics workspace " + q.workspace_id;
  if (!q.window.empty()) place += ", window " + q.window;
  return place;
}

std::string logs_query_path(const LogsQuery& q) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto encode = [](std::string_view segment, std::string& out) {
    for (char c : segment) {
      auto u = static_cast<unsigned char>(c);
      bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_' || c == '~' || c == '(' || c == ')';
      if (keep) {
        out += c;
      } else {
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
      }
    }
  };
  std::string path = "/v1";
  if (q.workspace_id.empty() && !q.resource_id.empty()) {
    std::string_view rest(q.resource_id);
    while (!rest.empty()) {
      rest.remove_prefix(1);  // the '/' before each segment
      auto slash = rest.find('/');
      path += '/';
      encode(rest.substr(0, slash), path);
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    }
  } else {
    path += "/workspaces/";
    encode(q.workspace_id, path);
  }
  return path + "/query";
}

std::string logs_scope_for(std::string_view endpoint) {
  // https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api (audiences per cloud)
  for (const char* host : {"api.loganalytics.us", "api.loganalytics.azure.cn"}) {
    if (net::url_host(endpoint) == host) return std::string("https://") + host + "/.default";
  }
  return kLogsScope;
}

net::HttpOptions logs_http_options(int server_timeout_seconds) {
  net::HttpOptions options;
  options.accept_gzip = true;
  // The server gives up after Prefer: wait (default 180 s) and answers 504; wait a minute more
  // so that its answer, not our timeout, ends the request.
  int server = server_timeout_seconds > 0 ? server_timeout_seconds : 180;
  options.request_timeout =
      std::max(options.request_timeout, std::chrono::milliseconds((server + 60) * 1000LL));
  // The service sends nothing while the query runs: silence is no stall until the request ends.
  options.stall_timeout = std::chrono::duration_cast<std::chrono::seconds>(options.request_timeout);
  return options;
}

LogAnalyticsClient::LogAnalyticsClient(net::HttpClient& http, EntraToken& token,
                                       std::string endpoint, net::RetryPolicy retry)
    : api_(http, token, std::move(endpoint), "the Log Analytics endpoint", retry) {}

LogsResponseSummary LogAnalyticsClient::query(const LogsQuery& q, LogsRowSink& sink) {
  validate_logs_query(q);
  const std::string where = logs_query_place(q);

  net::HttpRequest request;
  request.method = "POST";
  request.url = api_.endpoint() + logs_query_path(q);
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  // One Prefer header, preferences separated by commas (RFC 7240).
  std::string prefer;
  if (q.server_timeout_seconds > 0) prefer = "wait=" + std::to_string(q.server_timeout_seconds);
  if (q.include_statistics)
    prefer += std::string(prefer.empty() ? "" : ",") + "include-statistics=true";
  if (!prefer.empty()) request.headers.push_back({"Prefer", prefer});
  request.body = request_body(q);
  request.max_response_bytes = kMaxResponseBytes;
  spdlog::debug("{}: query {}", where, quote_for_message(q.query));

  net::HttpResponse response = api_.send(std::move(request), where);
  std::string& body = response.body;  // parsed in place
  const long status = response.status;
  if (status == 200) return parse_logs_response(body, sink, q.allow_partial, where);
  std::string http = " (HTTP " + std::to_string(status) + ")";
  if (status == 400) throw UsageError(with_message(where + ": query rejected" + http, body));
  if (status == 401 || status == 403) {
    throw IoError(with_message(where + ": access denied" + http, body));
  }
  if (status == 404) throw IoError(with_message(where + ": not found" + http, body));
  if (net::RetryPolicy::is_retryable(status)) {
    throw IoError(with_message(where + ": still failing after retries" + http, body));
  }
  throw IoError(with_message(where + ": unexpected answer" + http, body));
}

}  // namespace recproc::azure
