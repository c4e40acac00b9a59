#include "cli/alert.h"

#include <spdlog/spdlog.h>

#include "azure/http_client.h"

namespace recproc::cli {

bool should_alert(const std::string& alert_on, int exit_code, const engine::RunStats& stats) {
  if (alert_on == "always") return true;
  if (alert_on == "rejects") return exit_code != 0 || stats.records_rejected > 0;
  return exit_code != 0;
}

void send_alert(const std::string& url, const engine::RunStats& stats,
                const report::RunContext& ctx) {
  azure::HttpOptions http;
  http.connect_timeout = std::chrono::milliseconds(5000);
  http.request_timeout = std::chrono::milliseconds(15000);
  azure::RetryPolicy retry;
  retry.max_attempts = 3;
  retry.initial_backoff = std::chrono::milliseconds(200);
  retry.max_total = std::chrono::milliseconds(30000);
  azure::HttpRequest req;
  req.method = "POST";
  req.url = url;
  req.headers.push_back({"Content-Type", "application/json"});
  req.body = report::report_json(stats, ctx, report::alert_text(stats, ctx));
  // The URL of a chat webhook is itself a secret; log the host only.
  std::string where = url.substr(0, url.find('/', url.find("//") + 2));
  try {
    azure::HttpClient client(http);
    azure::HttpResponse resp = client.perform_with_retry(req, retry, "POST alert webhook");
    if (resp.status >= 200 && resp.status < 300) {
      spdlog::info("alert sent to {}", where);
    } else {
      spdlog::warn("alert to {} failed: HTTP {}", where, resp.status);
    }
  } catch (const std::exception& e) {
    spdlog::warn("alert to {} failed: {}", where, e.what());
  }
}

}  // namespace recproc::cli
