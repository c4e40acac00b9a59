// `recproc logs (--workspace ID | --resource-id ID) (--query KQL | --table NAME) ...` (issues 7,
// 16): runs a Log Analytics query, or a windowed download of a table, and writes the rows as
// NDJSON, CSV or TSV records, straight or through run's job (logs_delivery.h). Sign-in is the
// Microsoft Entra ID credential chain (azure/credential.h, issue 15); no flag takes a secret.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "azure/activity_log.h"
#include "azure/credential.h"
#include "azure/entra_credential.h"
#include "azure/entra_token.h"
#include "azure/kql.h"
#include "azure/log_analytics.h"
#include "azure/logs_download.h"
#include "azure/logs_timespan.h"
#include "cli/command.h"
#include "cli/flag_error.h"
#include "cli/format_choice.h"
#include "cli/help_formatter.h"
#include "cli/logs_activity.h"
#include "cli/logs_delivery.h"
#include "cli/logs_record_sink.h"
#include "cli/logs_state.h"
#include "cli/run_options.h"
#include "format/csv_dialect.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "recproc/record.h"

namespace recproc::cli {
namespace {

// Windows fetched at a time: enough to hide the service's latency, few enough not to be
// throttled (the API allows about 200 requests per 30 s per user).
constexpr int kWindowConcurrency = 4;

struct LogsArgs {
  std::string workspace;
  std::string query;
  std::string table;
  std::string resource_id;
  std::string resource_column = "_ResourceId";
  std::string since;
  std::string from;
  std::string to;
  std::string window;
  std::string state;
  std::string lag = "10m";
  std::string report;
  std::string output = "-";
  std::string output_format;
  std::string delimiter;
  std::string endpoint = azure::kLogsDefaultEndpoint;
  std::string arm_endpoint = azure::kArmDefaultEndpoint;
  int server_timeout = 0;
  int progress = 0;  // 1 on, -1 off, 0 when stderr is a terminal
  bool allow_partial = false;
  bool include_statistics = false;
  bool activity = false;
  std::string ca_file;
  std::string auth = "auto";
  RunOptions job;  ///< --schema, -t, --rejects...: the rows go through run's job
};

RowsDestination destination(const LogsArgs& a) {
  RowsDestination d;
  d.output = a.output;
  d.output_format = a.output_format;
  d.delimiter = a.delimiter;
  d.job = a.job;
  return d;
}

bool resource_centric(const LogsArgs& a) { return a.workspace.empty(); }

std::string query_text(const LogsArgs& a) {
  if (a.query.empty() == a.table.empty()) {
    throw UsageError("logs: give exactly one of --query KQL or --table NAME");
  }
  if (!a.query.empty()) return a.query;
  std::optional<std::string_view> resource;
  // The resource-centric endpoint reads only that resource's rows; no filter is needed.
  if (!a.resource_id.empty() && !resource_centric(a)) resource = a.resource_id;
  with_flag(
      "--table", [&] { azure::check_table_name(a.table); }, " ");
  if (resource) {
    with_flag(
        "--resource-column", [&] { azure::check_column_name(a.resource_column); }, " ");
  }
  return azure::build_table_query(a.table, resource, a.resource_column);
}

// A duration flag's value in seconds ("24h"), or a usage error naming the flag.
std::int64_t seconds_of(std::string_view flag, const std::string& text) {
  return with_flag(
      flag, [&] { return azure::duration_seconds(text); }, " ");
}

// Checks --from and --to (ISO-8601, from before to) and returns "<from>/<to>".
std::string timespan_between(const std::string& from, const std::string& to) {
  const std::int64_t from_s = with_flag(
      "--from", [&] { return azure::utc_seconds(from); }, " ");
  const std::int64_t to_s = with_flag(
      "--to", [&] { return azure::utc_seconds(to); }, " ");
  if (from_s >= to_s) throw UsageError("--from " + from + " is not before --to " + to);
  return from + "/" + to;
}

std::string timespan(const LogsArgs& a) {
  if (!a.since.empty()) {
    return with_flag(
        "--since", [&] { return azure::timespan_since(a.since); }, " ");
  }
  if (a.from.empty() != a.to.empty()) throw UsageError("logs: --from and --to go together");
  if (!a.from.empty()) return timespan_between(a.from, a.to);
  return "";
}

// RECPROC_NOW (an ISO-8601 time) stands in for the clock in tests of --since and --state.
std::int64_t now_seconds() {
  if (const char* fake = std::getenv("RECPROC_NOW"); fake != nullptr && *fake != '\0') {
    auto seconds = azure::parse_utc_seconds(fake);
    if (!seconds)
      throw UsageError("RECPROC_NOW " + azure::quote_for_message(fake) +
                       ": expected an ISO-8601 time");
    return *seconds;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What a state file belongs to: the next run must read the same thing.
std::string state_source(const LogsArgs& a) {
  std::string source =
      resource_centric(a) ? "resource " + a.resource_id : "workspace " + a.workspace;
  source += " table " + a.table;
  if (!resource_centric(a) && !a.resource_id.empty()) {
    source += " where " + a.resource_column + " =~ " + a.resource_id;
  }
  return source;
}

struct Range {
  std::int64_t from = 0;
  std::int64_t to = 0;
};

// [from, to) of a windowed download. With --state the start is the last run's end (--since or
// --from only start the first run) and the end is now minus --lag.
Range windowed_range(const LogsArgs& a, const std::optional<LogsState>& state) {
  const std::int64_t now = now_seconds();
  Range r;
  if (state) {
    r.from = state->end;
  } else if (!a.since.empty()) {
    r.from = now - seconds_of("--since", a.since);
  } else if (!a.from.empty()) {
    if (a.state.empty() && a.to.empty()) throw UsageError("logs: --from and --to go together");
    timespan_between(a.from, a.to.empty() ? azure::format_utc_seconds(now) : a.to);
    r.from = *azure::parse_utc_seconds(a.from);
  } else if (!a.state.empty()) {
    throw UsageError("--state " + a.state +
                     ": no state yet; give --since or --from for where the first run starts");
  } else {
    throw UsageError("logs: --window needs a time range (--since, or --from and --to)");
  }
  if (!a.state.empty()) {
    r.to = now - seconds_of("--lag", a.lag);
  } else {
    r.to = a.to.empty() ? now : *azure::parse_utc_seconds(a.to);
  }
  return r;
}

// "\rwindows 3/10  rows 120000" on stderr, when asked or when stderr is a terminal.
class WindowProgress {
 public:
  explicit WindowProgress(int flag) : enabled_(flag > 0 || (flag == 0 && ::isatty(2))) {}
  ~WindowProgress() { finish(); }
  void update(const azure::LogsProgress& p) {
    if (!enabled_) return;
    std::fprintf(stderr, "\rwindows %zu/%zu  rows %zu  ", p.windows_done, p.windows_known, p.rows);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

void write_report(const LogsArgs& a, const std::string& source, const std::string& range,
                  const azure::LogsDownloadSummary& s, const RowsDelivered& delivered) {
  std::string text = "{\"command\":\"logs\",\"source\":";
  append_json_string(text, source);
  text += ",\"timespan\":";
  append_json_string(text, range);
  text += ",\"rows\":" + std::to_string(s.rows) + ",\"columns\":" + std::to_string(s.columns) +
          ",\"windows\":" + std::to_string(s.windows) + ",\"splits\":" + std::to_string(s.splits) +
          ",\"requests\":" + std::to_string(s.requests) +
          ",\"retries\":" + std::to_string(s.retries) + ",\"partial_errors\":[";
  for (std::size_t i = 0; i < s.partial_errors.size(); ++i) {
    if (i > 0) text += ',';
    append_json_string(text, s.partial_errors[i]);
  }
  text += "],\"window_list\":[";
  for (std::size_t i = 0; i < s.window_stats.size(); ++i) {
    const auto& w = s.window_stats[i];
    if (i > 0) text += ',';
    text += "{\"from\":\"" + azure::format_utc_seconds(w.from) + "\",\"to\":\"" +
            azure::format_utc_seconds(w.to) + "\",\"rows\":" + std::to_string(w.rows);
    if (!w.statistics.empty()) text += ",\"statistics\":" + w.statistics;
    text += '}';
  }
  text += ']';
  append_records(text, delivered);
  text += "}\n";
  io::OutputFile out(a.report);
  out.write(text);
  out.commit();
}

azure::LogsQuery base_query(const LogsArgs& a) {
  if (a.workspace.empty() && a.resource_id.empty()) {
    throw UsageError("logs: give --workspace ID, or --resource-id ID to query one resource");
  }
  // Each value is checked here, where the flag is known, before validate_logs_query.
  if (!a.resource_id.empty()) {
    with_flag(
        "--resource-id", [&] { azure::check_resource_id(a.resource_id); }, " ");
  }
  if (!a.workspace.empty()) {
    with_flag(
        "--workspace", [&] { azure::check_workspace_id(a.workspace); }, " ");
  }
  with_flag(
      "--server-timeout", [&] { azure::check_server_timeout(a.server_timeout); }, " ");
  azure::LogsQuery q;
  q.workspace_id = a.workspace;
  if (resource_centric(a)) q.resource_id = a.resource_id;
  q.server_timeout_seconds = a.server_timeout;
  q.allow_partial = a.allow_partial;
  q.include_statistics = a.include_statistics;
  return q;
}

int run_windowed(const LogsArgs& a, const CLI::App& cmd) {
  if (a.table.empty()) {
    throw UsageError(
        "logs: --window and --state need --table NAME (the time filter is written into the "
        "table's query; --query is sent as is)");
  }
  azure::LogsWindowPlan plan;
  plan.base = base_query(a);
  plan.base.query = query_text(a);  // validates --table, --resource-id and --resource-column
  azure::validate_logs_query(plan.base);
  plan.table = a.table;
  if (!a.resource_id.empty() && !resource_centric(a)) plan.resource_filter = a.resource_id;
  plan.resource_column = a.resource_column;
  if (!a.window.empty() && a.window != "auto") {
    plan.window = seconds_of("--window", a.window);
  }
  plan.concurrency = kWindowConcurrency;
  const std::string source = state_source(a);
  std::optional<LogsState> state;
  if (!a.state.empty()) {
    state = read_logs_state(a.state);
    if (state && state->source != source) {
      throw UsageError("--state " + a.state + ": written for " + state->source + ", not " + source);
    }
  }
  Range range = windowed_range(a, state);
  plan.from = range.from;
  plan.to = range.to;
  net::HttpOptions options = azure::logs_http_options(a.server_timeout);
  options.ca_file = a.ca_file;
  const std::string scope = azure::logs_scope_for(a.endpoint);
  azure::checked_base_url(a.endpoint, "--logs-endpoint");
  azure::CredentialOptions credential;
  credential.ca_file = a.ca_file;
  const std::shared_ptr<azure::CredentialChain> chain = azure::default_credential(credential);
  azure::LogsConnectionFactory connect = [&] {
    return std::make_unique<azure::LogsConnection>(options, chain, scope, a.endpoint);
  };

  const std::string span =
      azure::format_utc_seconds(range.from) + "/" + azure::format_utc_seconds(range.to);
  if (range.from >= range.to) {
    spdlog::info("{}: nothing new before {} (--lag {})", source,
                 azure::format_utc_seconds(range.to), a.lag);
  }
  WindowProgress progress(a.progress);
  azure::LogsDownloadSummary summary;
  const RowsDelivered delivered = deliver_rows(
      destination(a), source,
      [&](const std::shared_ptr<OutputFormat>& format, const LogsRecordSink::Emit& emit) {
        LogsRecordSink writer(format, emit);
        summary = azure::download_windows(
            plan, connect, writer, [&](const azure::LogsProgress& p) { progress.update(p); });
        writer.finish();
      },
      cmd);
  progress.finish();
  // Only once the rows are published does the next run start after them.
  if (delivered.published && !a.state.empty() && range.from < range.to) {
    write_logs_state(a.state, {source, range.to});
  }
  if (!a.report.empty()) write_report(a, source, span, summary, delivered);
  for (const auto& message : summary.partial_errors) {
    spdlog::warn("{}: partial result: {}", source, message);
  }
  spdlog::info("{} rows in {} windows ({} splits, {} retries) from {} {} to {}", summary.rows,
               summary.windows, summary.splits, summary.retries, source, span,
               a.output == "-" ? std::string("stdout") : a.output);
  return delivered.exit_code;
}

int run_activity_log(const LogsArgs& a, const CLI::App& cmd) {
  with_flag(
      "--resource-id", [&] { azure::check_resource_id(a.resource_id); }, " ");
  ActivityRun run;
  run.resource_id = a.resource_id;
  const std::string source = "activity " + a.resource_id;
  std::optional<LogsState> state;
  if (!a.state.empty()) {
    state = read_logs_state(a.state);
    if (state && state->source != source) {
      throw UsageError("--state " + a.state + ": written for " + state->source + ", not " + source);
    }
  }
  if (a.since.empty() && (a.from.empty() || (a.to.empty() && a.state.empty())) && !state) {
    throw UsageError("logs --activity: give --since, or --from and --to");
  }
  Range range = windowed_range(a, state);
  run.from = range.from;
  run.to = std::max(range.to, range.from);  // a clock behind the state: nothing new yet
  if (!a.window.empty() && a.window != "auto") {
    run.window = seconds_of("--window", a.window);
  }
  run.destination = destination(a);
  run.arm_endpoint = a.arm_endpoint;
  run.ca_file = a.ca_file;
  run.report = a.report;
  const int code = run_activity(run, cmd);
  // As for tables: the state moves only once the events are published.
  if (code == 0 && !a.state.empty() && run.from < run.to) {
    write_logs_state(a.state, {source, run.to});
  }
  return code;
}

int run_logs(const LogsArgs& a, const CLI::App& cmd) {
  if (a.activity) {
    if (!a.workspace.empty() || !a.query.empty() || !a.table.empty()) {
      throw UsageError(
          "logs --activity reads the Activity Log of --resource-id from Azure Resource Manager; "
          "--workspace, --query and --table do not apply");
    }
    return run_activity_log(a, cmd);
  }
  if (!a.window.empty() || !a.state.empty()) return run_windowed(a, cmd);
  // Everything that can be refused is checked before the first request and the output file.
  azure::LogsQuery q = base_query(a);
  q.query = query_text(a);
  q.timespan = timespan(a);
  azure::validate_logs_query(q);

  net::HttpOptions options = azure::logs_http_options(a.server_timeout);
  options.ca_file = a.ca_file;
  net::HttpClient http(options);
  // --auth auto and entra are the same here: Log Analytics takes only Entra ID tokens.
  azure::CredentialOptions credential;
  credential.ca_file = a.ca_file;
  azure::EntraToken token(azure::default_credential(credential), azure::logs_scope_for(a.endpoint));
  azure::LogAnalyticsClient client(http, token, a.endpoint);

  const std::string where = azure::logs_query_place(q);
  azure::LogsResponseSummary summary;
  const RowsDelivered delivered = deliver_rows(
      destination(a), where,
      [&](const std::shared_ptr<OutputFormat>& format, const LogsRecordSink::Emit& emit) {
        LogsRecordSink writer(format, emit);
        summary = client.query(q, writer);
        writer.finish();
      },
      cmd);

  if (!a.report.empty()) {
    azure::LogsDownloadSummary s;
    s.rows = summary.rows;
    s.columns = summary.columns;
    s.windows = 1;
    s.requests = client.requests();
    s.retries = client.retries();
    if (!summary.partial_error.empty()) s.partial_errors.push_back(summary.partial_error);
    s.window_stats.push_back({0, 0, summary.rows, summary.statistics});
    write_report(a, where, q.timespan, s, delivered);
  }
  if (!summary.partial_error.empty()) {
    spdlog::warn("{}: partial result, {} rows written: {}", where, summary.rows,
                 summary.partial_error);
  }
  if (summary.ignored_tables > 0) {
    spdlog::warn("{}: the query returned {} more tables; only the first was written", where,
                 summary.ignored_tables);
  }
  spdlog::info("{} rows ({} columns) from {} to {}", summary.rows, summary.columns, where,
               a.output == "-" ? std::string("stdout") : a.output);
  return delivered.exit_code;
}

}  // namespace

void add_logs_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "logs",
      "Download Azure Monitor logs as records: a query, a table in exact windows, or "
      "a resource's Activity Log");
  cmd->footer(help_footer(
      "Writes NDJSON (one object per row, columns in order, typed by the column types), CSV or "
      "TSV. Sign-in is Microsoft Entra ID, tried in this order: AZURE_TENANT_ID + AZURE_CLIENT_ID "
      "+ AZURE_CLIENT_SECRET, workload identity (AZURE_FEDERATED_TOKEN_FILE), managed "
      "identity, Azure CLI; AZURE_AUTHORITY_HOST for sovereign clouds.",
      {"recproc logs --resource-id /subscriptions/.../vm1 --table Syslog --since 24h",
       "recproc logs --workspace ID --table Syslog --since 7d --window auto\n"
       "  -o week.ndjson",
       "recproc logs --workspace ID --table Syslog --state pull.state -o new.ndjson",
       "recproc logs --activity --resource-id /subscriptions/.../vm1 --since 24h",
       "recproc logs --workspace ID --table Syslog --since 24h --schema s.json\n"
       "  --rejects bad.ndjson -o ok.csv",
       "recproc logs --workspace ID --query 'Heartbeat | take 10' -o beats.csv"}));
  auto* workspace = cmd->add_option("--workspace", args->workspace, "Workspace id (GUID)");
  auto* query = cmd->add_option("--query", args->query, "KQL query, sent as is");
  auto* table = cmd->add_option("--table", args->table, "Table to read (e.g. Syslog)");
  query->excludes(table);
  auto* resource = cmd->add_option("--resource-id", args->resource_id,
                                   "Azure resource (alone: resource-centric query)");
  cmd->add_option("--resource-column", args->resource_column,
                  "Its column with --workspace (default _ResourceId)")
      ->needs(resource)
      ->needs(workspace);
  auto* since = cmd->add_option("--since", args->since, "Time range ending now: 30m, 24h, 7d");
  auto* from = cmd->add_option("--from", args->from, "Start (ISO-8601, UTC unless an offset)");
  auto* to = cmd->add_option("--to", args->to, "End (ISO-8601, UTC unless an offset)");
  since->excludes(from)->excludes(to);
  cmd->add_option("--window", args->window, "Exact windows: 1h, 1d, or auto (split as needed)")
      ->option_text("DUR|auto");
  auto* state =
      cmd->add_option("--state", args->state, "Incremental: start where the last run ended")
          ->option_text("FILE")
          ->excludes(to);
  cmd->add_option("--lag", args->lag, "With --state: end this long ago (default 10m)")
      ->option_text("DUR")
      ->needs(state);
  cmd->add_option("--report", args->report, "JSON summary: rows, windows, splits, the job's report")
      ->option_text("FILE");
  cmd->add_option("--junit", args->job.junit, "JUnit XML of the rows' checks (through run's job)")
      ->option_text("FILE");
  cmd->add_option("--html", args->job.html, "The run report of the rows as one HTML page")
      ->option_text("FILE");
  cmd->add_flag("--include-statistics", args->include_statistics,
                "Ask for the service's query statistics");
  cmd->add_flag("--activity", args->activity, "Activity Log of --resource-id, from ARM")
      ->needs(resource);
  cmd->add_option("-o,--output", args->output, "Output file, or - for stdout (default)");
  cmd->add_option("--output-format", args->output_format, "ndjson, csv or tsv (default: from -o)")
      ->option_text("FMT")
      ->check(CLI::IsMember({"ndjson", "csv", "tsv"}));
  cmd->add_option("--delimiter", args->delimiter, "CSV field delimiter: , ; | or tab")
      ->option_text("CHAR");
  cmd->add_option("--logs-endpoint", args->endpoint,
                  "Query API (default api.loganalytics.azure.com)")
      ->option_text("URL");
  cmd->add_option("--arm-endpoint", args->arm_endpoint, "ARM (default management.azure.com)")
      ->option_text("URL");
  cmd->add_option("--server-timeout", args->server_timeout,
                  "Seconds the service may run a query (1-600)")
      ->option_text("S")
      ->check(CLI::Range(1, azure::kLogsMaxServerTimeout));
  cmd->add_flag("--allow-partial", args->allow_partial, "Keep a partial result's rows and warn");
  cmd->add_flag("--progress,!--no-progress", args->progress,
                "Windows done on stderr (default: on a terminal)");
  cmd->add_option("--ca-file", args->ca_file, "Extra CA bundle (PEM) for HTTPS endpoints")
      ->check(CLI::ExistingFile);
  cmd->add_option("--auth", args->auth, "Sign-in: auto (default) or entra, the same here")
      ->check(CLI::IsMember({"auto", "entra"}).description(""))
      ->type_name("HOW");
  add_transform_flag(*cmd, args->job.steps);
  add_record_flags(*cmd, args->job);
  cmd->callback([&action, args, cmd] { action = [args, cmd] { return run_logs(*args, *cmd); }; });
}

}  // namespace recproc::cli
