// The flags of `run` and `check` as given, on the command line or in a pipeline file. Field names
// mirror the long flags (and the pipeline file's snake_case keys). make_run_plan() turns them
// into a typed RunPlan once; nothing after it reads these strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/flag_groups.h"

namespace CLI {
class App;
}

namespace recproc::cli {

struct RunOptions {
  std::vector<std::string> inputs;
  std::string output = "-";
  FormatFlags read;                ///< how to read the inputs
  std::string output_format;       ///< empty = from output extension, else input format
  std::vector<std::string> steps;  ///< -t specs, in order
  std::string schema;
  bool cast = false;
  std::string on_error;  ///< fail|skip|quarantine; empty = fail (or quarantine with --rejects)
  std::string rejects;
  std::optional<std::uint64_t> max_rejects;
  std::optional<double> max_reject_rate;
  std::string report;
  std::string junit;
  std::string html;                   ///< --html: the report as one HTML page
  std::string sarif;                  ///< --sarif: the bad records as a SARIF log
  std::string error_format = "text";  ///< text|github|sarif
  std::size_t max_errors = 10;        ///< errors printed (annotations with github)
  std::string alert_webhook;
  std::string alert_on = "failure";  ///< failure|rejects|always
  int threads = 0;
  std::string chunk_size;
  std::string max_record_bytes;
  int progress = 0;  ///< >0 forced on, <0 forced off, 0 when stderr is a terminal
  std::size_t trace = 0;
  int profile = 0;  ///< >0 --profile (issue 20)
  std::string pipeline;
  bool dry_run = false;
  std::string upload;
  bool upload_rejects = false;
  UploadFlags upload_flags;
  std::string timeout;  ///< --timeout 90s, 30m, 2h
  bool allow_writable_plugins = false;
  // Sharded runs (issue 14).
  std::string shard;              ///< --shard K/N
  std::string parts;              ///< --parts DIR
  unsigned attempt = 0;           ///< --attempt A
  std::string shard_start_state;  ///< --shard-start-state unquoted|quoted|quote-in-quoted
};

enum class JobMode { kRun, kCheck };

/// -t SPEC, repeatable: the transform steps, in order.
void add_transform_flag(CLI::App& cmd, std::vector<std::string>& steps);

/// What happens to each record: --schema, --cast, --on-error, --rejects, --max-rejects,
/// --max-reject-rate. Also taken by `logs`, whose rows go through the same job (issue 16).
void add_record_flags(CLI::App& cmd, RunOptions& o);

/// Adds the options shared by `run` and `check` to `cmd`.
void add_job_options(CLI::App& cmd, RunOptions& opts, JobMode mode);

/// --shard, --parts, --attempt, --shard-start-state (run only).
void add_shard_options(CLI::App& cmd, RunOptions& opts);

/// Runs the job; returns the exit code. Throws UsageError / IoError for run-level failures.
int execute_job(RunOptions opts, JobMode mode, const CLI::App& cmd);

}  // namespace recproc::cli
