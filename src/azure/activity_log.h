// The Azure Activity Log of one resource from Azure Resource Manager (issue 16):
//   GET {arm}/subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values
//       ?api-version=2015-04-01&$filter=eventTimestamp ge '<from>' and eventTimestamp le '<to>'
//        and resourceUri eq '<resource id>'
// answered with {"value": [event, ...], "nextLink": "<next page>"}; pages are followed until
// there is no nextLink.
// https://learn.microsoft.com/rest/api/monitor/activity-logs/list
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "azure/bearer_api.h"
#include "azure/entra_token.h"
#include "net/http_client.h"

namespace recproc::azure {

inline constexpr const char* kArmDefaultEndpoint = "https://management.azure.com";
/// The token scope of Azure Resource Manager in the public cloud.
inline constexpr const char* kArmScope = "https://management.azure.com/.default";
inline constexpr const char* kActivityLogApiVersion = "2015-04-01";

struct ActivityLogQuery {
  std::string resource_id;  ///< an ARM resource id; its subscription is queried
  std::int64_t from = 0;    ///< seconds since the epoch (UTC); events in [from, to) are kept
  std::int64_t to = 0;
};

/// The $filter value (before URL encoding): "eventTimestamp ge '2024-05-01T00:00:00Z' and
/// eventTimestamp le '2024-05-02T00:00:00Z' and resourceUri eq '/subscriptions/...'". ARM has
/// no "lt", so the events stamped exactly at `to` are dropped on our side.
std::string activity_log_filter(const ActivityLogQuery& query);

/// The first page's URL: endpoint, path of the subscription, api-version and the encoded filter.
/// Throws UsageError when the resource id is not an ARM id.
std::string activity_log_url(std::string_view endpoint, const ActivityLogQuery& query);

/// The ARM token scope for an endpoint: "<endpoint>/.default" for the sovereign clouds'
/// management hosts, kArmScope for any other.
std::string arm_scope_for(std::string_view endpoint);

struct ActivityLogSummary {
  std::size_t events = 0;   ///< events handed to the callback
  std::size_t dropped = 0;  ///< events outside [from, to) (ARM's "le" end, clock skew)
  std::size_t pages = 0;
};

class ActivityLogClient {
 public:
  /// `endpoint` such as kArmDefaultEndpoint; throws UsageError unless https (or loopback http).
  ActivityLogClient(net::HttpClient& http, EntraToken& token, std::string endpoint,
                    net::RetryPolicy retry = {});

  /// Calls `on_event` with each event (minified JSON object) and its eventTimestamp (seconds,
  /// and nanoseconds within the second), page after page, in the service's order. Retries
  /// 408/429/5xx with the HTTP client's policy, renews the token once on 401, and refuses a
  /// nextLink to another host (the token must not leave ARM). Errors: 400 -> UsageError with
  /// ARM's message; others, malformed pages and transport failures -> IoError.
  ActivityLogSummary fetch(
      const ActivityLogQuery& query,
      const std::function<void(std::string_view event, std::int64_t seconds, int nanos)>& on_event);

  int requests() const { return api_.requests(); }
  int retries() const { return api_.retries(); }

 private:
  BearerApi api_;
};

}  // namespace recproc::azure
