#include "azure/activity_log.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "azure/entra_credential.h"
#include "azure/kql.h"
#include "azure/logs_response.h"
#include "azure/logs_timespan.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// A runaway nextLink chain (a service bug or a hostile proxy) must end.
constexpr std::size_t kMaxPages = 100'000;
constexpr std::size_t kMaxPageBytes = std::size_t{256} << 20;

std::string percent_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

// "/subscriptions/<guid>" of a validated resource id.
std::string_view subscription_of(std::string_view id) {
  auto end = id.find('/', std::string_view("/subscriptions/").size());
  return id.substr(0, end);
}

std::string scheme_and_host(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  auto end = url.find_first_of("/?#", scheme + 3);
  std::string out(url.substr(0, end));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Nanoseconds of "2024-05-01T10:00:00.1234567Z" within its second (0 without a fraction).
int fraction_nanos(std::string_view stamp) {
  auto dot = stamp.find('.');
  if (dot == std::string_view::npos) return 0;
  int nanos = 0;
  int digits = 0;
  for (std::size_t i = dot + 1; i < stamp.size() && stamp[i] >= '0' && stamp[i] <= '9'; ++i) {
    if (digits < 9) nanos = nanos * 10 + (stamp[i] - '0');
    ++digits;
  }
  for (; digits < 9; ++digits) nanos *= 10;
  return nanos;
}

}  // namespace

std::string activity_log_filter(const ActivityLogQuery& q) {
  return "eventTimestamp ge '" + format_utc_seconds(q.from) + "' and eventTimestamp le '" +
         format_utc_seconds(q.to) + "' and resourceUri eq '" + q.resource_id + "'";
}

std::string activity_log_url(std::string_view endpoint, const ActivityLogQuery& q) {
  check_resource_id(q.resource_id);
  return std::string(endpoint) + std::string(subscription_of(q.resource_id)) +
         "/providers/Microsoft.Insights/eventtypes/management/values?api-version=" +
         kActivityLogApiVersion + "&$filter=" + percent_encode(activity_log_filter(q));
}

std::string arm_scope_for(std::string_view endpoint) {
  for (const char* host : {"management.usgovcloudapi.net", "management.chinacloudapi.cn"}) {
    if (net::url_host(endpoint) == host) return std::string("https://") + host + "/.default";
  }
  return kArmScope;
}

ActivityLogClient::ActivityLogClient(net::HttpClient& http, EntraToken& token, std::string endpoint,
                                     net::RetryPolicy retry)
    : api_(http, token, std::move(endpoint), "the Resource Manager endpoint", retry) {}

ActivityLogSummary ActivityLogClient::fetch(
    const ActivityLogQuery& q,
    const std::function<void(std::string_view, std::int64_t, int)>& on_event) {
  const std::string where = "Activity Log of " + q.resource_id;
  std::string url = activity_log_url(api_.endpoint(), q);
  const std::string origin = scheme_and_host(api_.endpoint());
  ActivityLogSummary summary;
  simdjson::dom::parser parser;
  while (!url.empty()) {
    if (summary.pages == kMaxPages) throw IoError(where + ": more than 100000 pages");
    net::HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.max_response_bytes = kMaxPageBytes;
    const net::HttpResponse response = api_.send(std::move(request), where);
    if (response.status != 200) {
      std::string text = where + ": " +
                         (response.status == 400 ? "request rejected" : "request failed") +
                         " (HTTP " + std::to_string(response.status) + ")";
      std::string message = logs_error_message(response.body);
      if (!message.empty()) text += ": " + message;
      if (response.status == 400) throw UsageError(text);
      throw IoError(text);
    }
    ++summary.pages;
    std::string next;
    try {
      simdjson::dom::element page = parser.parse(response.body);
      for (simdjson::dom::element event : page["value"].get_array()) {
        std::string_view stamp = event["eventTimestamp"].get_string();
        auto seconds = parse_utc_seconds(stamp);
        if (!seconds) {
          throw IoError(where + ": eventTimestamp " + quote_for_message(stamp) +
                        " is not an ISO-8601 time");
        }
        // Half-open [from, to) like the Log Analytics windows, so that --state runs never
        // deliver the event stamped exactly at a boundary twice.
        if (*seconds < q.from || *seconds >= q.to) {
          ++summary.dropped;
          continue;
        }
        std::string text = simdjson::minify(event);
        on_event(text, *seconds, fraction_nanos(stamp));
        ++summary.events;
      }
      std::string_view link;
      if (page["nextLink"].get_string().get(link) == simdjson::SUCCESS) next = std::string(link);
    } catch (const simdjson::simdjson_error& e) {
      throw IoError(where + ": malformed page: " + e.what());
    }
    if (!next.empty() && scheme_and_host(next) != origin) {
      throw IoError(where + ": refusing to follow a nextLink to " + net::url_host(next) + " (not " +
                    net::url_host(api_.endpoint()) + ")");
    }
    url = std::move(next);
  }
  return summary;
}

}  // namespace recproc::azure
