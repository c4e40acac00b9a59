// `recproc logs --workspace ID (--query KQL | --table NAME [--resource-id ID]) ...` (issue 7):
// runs one Log Analytics query and writes the rows as NDJSON or CSV records. Sign-in is the
// Microsoft Entra ID credential chain (azure/credential.h, issue 15); no flag takes a secret.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "azure/credential.h"
#include "azure/entra_token.h"
#include "azure/kql.h"
#include "azure/log_analytics.h"
#include "azure/logs_timespan.h"
#include "azure/logs_writer.h"
#include "cli/command.h"
#include "cli/flag_error.h"
#include "format/csv_dialect.h"
#include "io/output_file.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct LogsArgs {
  std::string workspace;
  std::string query;
  std::string table;
  std::string resource_id;
  std::string resource_column = "_ResourceId";
  std::string since;
  std::string from;
  std::string to;
  std::string output = "-";
  std::string output_format;
  std::string endpoint = azure::kLogsDefaultEndpoint;
  int server_timeout = 0;
  bool allow_partial = false;
  std::string ca_file;
  std::string auth = "auto";
};

std::string query_text(const LogsArgs& a) {
  if (a.query.empty() == a.table.empty()) {
    throw UsageError("logs: give exactly one of --query KQL or --table NAME");
  }
  if (!a.query.empty()) return a.query;
  std::optional<std::string_view> resource;
  if (!a.resource_id.empty()) resource = a.resource_id;
  return azure::build_table_query(a.table, resource, a.resource_column);
}

std::string timespan(const LogsArgs& a) {
  if (!a.since.empty()) return azure::timespan_since(a.since);
  if (a.from.empty() != a.to.empty()) throw UsageError("logs: --from and --to go together");
  if (!a.from.empty()) return azure::timespan_between(a.from, a.to);
  return "";
}

// The same rule as `run`: --output-format, else the output's extension seen through .gz/.zst.
azure::LogsOutputFormat output_format(const LogsArgs& a) {
  switch (with_flag("--output-format", [&] {
    return format::detect_output_format(a.output, a.output_format, format::FormatKind::kNdjson);
  })) {
    case format::FormatKind::kCsv:
      return azure::LogsOutputFormat::kCsv;
    case format::FormatKind::kNdjson:
      return azure::LogsOutputFormat::kNdjson;
    case format::FormatKind::kTsv:
      break;
  }
  throw UsageError("logs: TSV output is not supported; use ndjson or csv");
}

int run_logs(const LogsArgs& a) {
  // Everything that can be refused is checked before the first request and the output file.
  azure::LogsQuery q;
  q.workspace_id = a.workspace;
  q.query = query_text(a);
  q.timespan = timespan(a);
  q.server_timeout_seconds = a.server_timeout;
  q.allow_partial = a.allow_partial;
  azure::validate_logs_query(q);
  const azure::LogsOutputFormat format = output_format(a);

  azure::HttpOptions options = azure::logs_http_options(a.server_timeout);
  options.ca_file = a.ca_file;
  azure::HttpClient http(options);
  // --auth auto and entra are the same here: Log Analytics takes only Entra ID tokens.
  azure::CredentialOptions credential;
  credential.ca_file = a.ca_file;
  azure::EntraToken token(azure::default_credential(credential), azure::logs_scope_for(a.endpoint));
  azure::LogAnalyticsClient client(http, token, a.endpoint);

  io::OutputFile out(a.output);
  azure::LogsTextWriter writer(format, [&out](std::string_view bytes) { out.write(bytes); });
  azure::LogsResponseSummary summary = client.query(q, writer);
  writer.finish();
  out.commit();

  const std::string where = "Log Analytics workspace " + q.workspace_id;
  if (!summary.partial_error.empty()) {
    spdlog::warn("{}: partial result, {} rows written: {}", where, summary.rows,
                 summary.partial_error);
  }
  if (summary.ignored_tables > 0) {
    spdlog::warn("{}: the query returned {} more tables; only the first was written", where,
                 summary.ignored_tables);
  }
  spdlog::info("{} rows ({} columns) from {} to {}", summary.rows, summary.columns, where,
               out.is_stdout() ? std::string("stdout") : a.output);
  return 0;
}

}  // namespace

void add_logs_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "logs",
      "Download the result of a Log Analytics query as records: NDJSON (one object per row, "
      "columns in order, typed by the column types) or CSV.\nSign-in is Microsoft Entra ID, "
      "tried in this order: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, workload "
      "identity (AZURE_FEDERATED_TOKEN_FILE), managed identity, Azure CLI; "
      "AZURE_AUTHORITY_HOST for sovereign clouds.");
  cmd->add_option("--workspace", args->workspace, "Workspace id (GUID)")->required();
  auto* query = cmd->add_option("--query", args->query, "KQL query, sent as is");
  auto* table = cmd->add_option("--table", args->table, "Table to read (e.g. Syslog)");
  query->excludes(table);
  auto* resource = cmd->add_option("--resource-id", args->resource_id,
                                   "Only rows of this Azure resource (needs --table)")
                       ->needs(table);
  cmd->add_option("--resource-column", args->resource_column,
                  "Column holding the resource id (default _ResourceId; ResourceId in "
                  "AzureDiagnostics)")
      ->needs(resource);
  auto* since = cmd->add_option("--since", args->since, "Time range ending now: 30m, 24h, 7d");
  auto* from = cmd->add_option("--from", args->from, "Start (ISO-8601, UTC unless an offset)");
  auto* to = cmd->add_option("--to", args->to, "End (ISO-8601, UTC unless an offset)");
  since->excludes(from)->excludes(to);
  cmd->add_option("-o,--output", args->output, "Output file, or - for stdout (default)");
  cmd->add_option("--output-format", args->output_format,
                  "ndjson or csv (default: csv for *.csv, else ndjson)")
      ->check(CLI::IsMember({"ndjson", "csv"}));
  cmd->add_option("--logs-endpoint", args->endpoint,
                  "Query API endpoint (default https://api.loganalytics.azure.com)");
  cmd->add_option("--server-timeout", args->server_timeout,
                  "Seconds the service may run the query (Prefer: wait; 1-600, default 180)")
      ->check(CLI::Range(1, azure::kLogsMaxServerTimeout));
  cmd->add_flag("--allow-partial", args->allow_partial,
                "Write the rows of a partial result and warn, instead of failing with exit 1");
  cmd->add_option("--ca-file", args->ca_file, "Extra CA bundle (PEM) for HTTPS endpoints")
      ->check(CLI::ExistingFile);
  cmd->add_option("--auth", args->auth, "Sign-in: auto (default) or entra, the same here")
      ->check(CLI::IsMember({"auto", "entra"}).description(""))
      ->type_name("HOW");
  cmd->callback([&action, args] { action = [args] { return run_logs(*args); }; });
}

}  // namespace recproc::cli
