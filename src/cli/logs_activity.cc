#include "cli/logs_activity.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "azure/activity_log.h"
#include "azure/entra_credential.h"
#include "azure/entra_token.h"
#include "azure/logs_timespan.h"
#include "cli/flag_error.h"
#include "format/csv_dialect.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "recproc/record.h"

namespace recproc::cli {
namespace {

struct Event {
  std::int64_t seconds;
  int nanos;
  std::string json;
};

}  // namespace

int run_activity(const ActivityRun& r, const CLI::App& cmd) {
  // Everything that can be refused is checked before the first request and the output file.
  azure::checked_base_url(r.arm_endpoint, "--arm-endpoint");
  azure::ActivityLogQuery q{r.resource_id, r.from, r.to};
  azure::activity_log_url(r.arm_endpoint, q);  // validates the resource id
  if (r.from > r.to) throw UsageError("logs --activity: the time range is empty");
  auto kind = with_flag("--output-format", [&] {
    return format::detect_output_format(r.destination.output, r.destination.output_format,
                                        format::FormatKind::kNdjson);
  });
  if (kind != format::FormatKind::kNdjson) {
    if (!r.destination.through_job()) {
      throw UsageError(
          "logs --activity writes NDJSON (events are nested objects); use -o *.ndjson, or -t "
          "select to pick flat fields for CSV");
    }
  }
  net::HttpOptions options;
  options.ca_file = r.ca_file;
  options.accept_gzip = true;
  net::HttpClient http(options);
  azure::CredentialOptions credential;
  credential.ca_file = r.ca_file;
  azure::EntraToken token(azure::default_credential(credential),
                          azure::arm_scope_for(r.arm_endpoint));
  azure::ActivityLogClient client(http, token, r.arm_endpoint);

  // ARM pages arrive newest first; each window's events are sorted into time order, ties kept
  // in the service's order. Without --window the whole range is one window: an Activity Log
  // holds at most 90 days of one resource's management events.
  azure::ActivityLogSummary summary;
  auto write_window = [&](std::int64_t from, std::int64_t to,
                          const std::function<void(std::string_view)>& emit) {
    std::vector<Event> events;
    azure::ActivityLogSummary part = client.fetch(
        {r.resource_id, from, to}, [&](std::string_view json, std::int64_t seconds, int nanos) {
          events.push_back({seconds, nanos, std::string(json)});
        });
    summary.events += part.events;
    summary.pages += part.pages;
    summary.dropped += part.dropped;
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
    });
    std::string buffer;
    for (const Event& e : events) {
      buffer += e.json;
      buffer += '\n';
      if (buffer.size() > 64 * 1024) {
        emit(buffer);
        buffer.clear();
      }
    }
    emit(buffer);
  };
  const std::int64_t step = r.window > 0 ? r.window : r.to - r.from;
  const RowsDelivered delivered = deliver_rows(
      r.destination, "Activity Log of " + r.resource_id,
      [&](const std::shared_ptr<OutputFormat>&, const std::function<void(std::string_view)>& emit) {
        for (std::int64_t from = r.from; from < r.to; from += step) {
          write_window(from, std::min(from + step, r.to), emit);
        }
      },
      cmd);

  const std::string span =
      azure::format_utc_seconds(r.from) + "/" + azure::format_utc_seconds(r.to);
  if (!r.report.empty()) {
    std::string text = "{\"command\":\"logs --activity\",\"source\":";
    append_json_string(text, r.resource_id);
    text += ",\"timespan\":\"" + span + "\",\"rows\":" + std::to_string(summary.events) +
            ",\"pages\":" + std::to_string(summary.pages) + ",\"windows\":" +
            std::to_string(r.from < r.to ? (r.to - r.from + step - 1) / step : 0) +
            ",\"dropped\":" + std::to_string(summary.dropped) +
            ",\"requests\":" + std::to_string(client.requests()) +
            ",\"retries\":" + std::to_string(client.retries());
    append_records(text, delivered);
    text += "}\n";
    io::OutputFile report(r.report);
    report.write(text);
    report.commit();
  }
  spdlog::info("{} Activity Log events ({} pages) of {} {} to {}", summary.events, summary.pages,
               r.resource_id, span,
               r.destination.output == "-" ? std::string("stdout") : r.destination.output);
  return delivered.exit_code;
}

}  // namespace recproc::cli
