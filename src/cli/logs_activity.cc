#include "cli/logs_activity.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "azure/activity_log.h"
#include "azure/entra_token.h"
#include "azure/json_text.h"
#include "azure/logs_timespan.h"
#include "cli/flag_error.h"
#include "format/csv_dialect.h"
#include "io/output_file.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct Event {
  std::int64_t seconds;
  int nanos;
  std::string json;
};

}  // namespace

int run_activity(const ActivityRun& r) {
  // Everything that can be refused is checked before the first request and the output file.
  azure::ActivityLogQuery q{r.resource_id, r.from, r.to};
  azure::activity_log_url(r.arm_endpoint, q);  // validates the resource id
  if (r.from >= r.to) throw UsageError("logs --activity: the time range is empty");
  auto kind = with_flag("--output-format", [&] {
    return format::detect_output_format(r.output, r.output_format, format::FormatKind::kNdjson);
  });
  if (kind != format::FormatKind::kNdjson) {
    throw UsageError("logs --activity writes NDJSON (events are nested objects); use -o *.ndjson");
  }
  azure::HttpOptions options;
  options.ca_file = r.ca_file;
  options.accept_gzip = true;
  azure::HttpClient http(options);
  azure::CredentialOptions credential;
  credential.ca_file = r.ca_file;
  azure::EntraToken token(azure::default_credential(credential),
                          azure::arm_scope_for(r.arm_endpoint));
  azure::ActivityLogClient client(http, token, r.arm_endpoint);

  // ARM pages arrive newest first; the events are sorted into time order, ties kept in the
  // service's order. An Activity Log holds at most 90 days of one resource's management events.
  std::vector<Event> events;
  azure::ActivityLogSummary summary =
      client.fetch(q, [&](std::string_view json, std::int64_t seconds, int nanos) {
        events.push_back({seconds, nanos, std::string(json)});
      });
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
  });

  io::OutputFile out(r.output);
  std::string buffer;
  for (const Event& e : events) {
    buffer += e.json;
    buffer += '\n';
    if (buffer.size() > 64 * 1024) {
      out.write(buffer);
      buffer.clear();
    }
  }
  out.write(buffer);
  out.commit();

  const std::string span =
      azure::format_utc_seconds(r.from) + "/" + azure::format_utc_seconds(r.to);
  if (!r.report.empty()) {
    std::string text = "{\"command\":\"logs --activity\",\"source\":";
    azure::append_json_string(text, r.resource_id);
    text += ",\"timespan\":\"" + span + "\",\"rows\":" + std::to_string(summary.events) +
            ",\"pages\":" + std::to_string(summary.pages) +
            ",\"dropped\":" + std::to_string(summary.dropped) +
            ",\"requests\":" + std::to_string(client.requests()) +
            ",\"retries\":" + std::to_string(client.retries()) + "}\n";
    io::OutputFile report(r.report);
    report.write(text);
    report.commit();
  }
  spdlog::info("{} Activity Log events ({} pages) of {} {} to {}", summary.events, summary.pages,
               r.resource_id, span, out.is_stdout() ? std::string("stdout") : r.output);
  return 0;
}

}  // namespace recproc::cli
