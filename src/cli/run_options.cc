#include "cli/run_options.h"

#include <CLI/CLI.hpp>

namespace recproc::cli {

void add_transform_flag(CLI::App& cmd, std::vector<std::string>& steps) {
  cmd.add_option("-t,--transform", steps,
                 "Transform step, repeatable, applied in order:\n"
                 "  select A,B  drop A,B  rename OLD=NEW\n"
                 "  filter EXPR  set NAME = EXPR\n"
                 "  plugin ./lib.so key=value ...\n"
                 "  exec [--timeout 5m] CMD ARGS...\n"
                 "    (one NDJSON line in, one line out)\n"
                 "  python [--timeout 5m] MODULE:FUNCTION\n"
                 "    (f(record) -> dict or None)")
      ->type_name("SPEC");
}

void add_record_flags(CLI::App& cmd, RunOptions& o) {
  cmd.add_option("--schema", o.schema, "Validate records against a JSON Schema (draft 2020-12)")
      ->type_name("FILE");
  cmd.add_flag("--cast", o.cast, "Convert values to the schema's types where possible");
  cmd.add_option("--on-error", o.on_error, "Bad records: fail (default), skip or quarantine")
      ->check(CLI::IsMember({"fail", "skip", "quarantine"}))
      ->type_name("POLICY");
  cmd.add_option("--rejects", o.rejects, "Write bad records here as NDJSON (implies quarantine)")
      ->type_name("FILE");
  cmd.add_option("--max-rejects", o.max_rejects, "Fail when more records than N are rejected")
      ->type_name("N");
  cmd.add_option("--max-reject-rate", o.max_reject_rate,
                 "Fail when the share of rejected records exceeds R (0 to 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->type_name("R");
}

void add_job_options(CLI::App& cmd, RunOptions& o, JobMode mode) {
  cmd.add_option("inputs", o.inputs,
                 "Input files, azblob://CONTAINER/NAME|PREFIX/|GLOB, or - for stdin; "
                 "processed as one stream in order");
  if (mode == JobMode::kRun) {
    cmd.add_option("-o,--output", o.output,
                   "Output file or azblob:// blob (published atomically), or - for stdout")
        ->type_name("FILE");
    add_transform_flag(cmd, o.steps);
    cmd.add_option("--output-format", o.output_format, "ndjson, csv or tsv (default: from -o)")
        ->type_name("FMT");
  }
  add_format_flags(cmd, o.read);
  add_record_flags(cmd, o);
  cmd.add_option("--report", o.report, "Write a JSON summary of the run")->type_name("FILE");
  cmd.add_option("--junit", o.junit, "Write a JUnit XML report for CI")->type_name("FILE");
  cmd.add_option("--html", o.html, "Write the report as one self-contained HTML page")
      ->type_name("FILE");
  cmd.add_option("--sarif", o.sarif, "Write the bad records as a SARIF 2.1.0 log")
      ->type_name("FILE");
  cmd.add_option("--error-format", o.error_format,
                 "text, github (Actions annotations) or sarif\n"
                 "(the SARIF log on stdout, at the end)")
      ->check(CLI::IsMember({"text", "github", "sarif"}));
  cmd.add_option("--max-errors", o.max_errors, "Errors printed to stderr (default 10)")
      ->type_name("N");
  cmd.add_option("--alert-webhook", o.alert_webhook,
                 "POST the JSON report here on failure (or set RECPROC_ALERT_WEBHOOK, "
                 "which keeps the URL out of the process list)")
      ->type_name("URL");
  cmd.add_option("--alert-on", o.alert_on, "When to alert: failure (default), rejects or always")
      ->check(CLI::IsMember({"failure", "rejects", "always"}));
  cmd.add_option("-j,--threads", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");
  cmd.add_option("--max-record-bytes", o.max_record_bytes,
                 "A longer record is a data error (--on-error applies): 1M, 64M, ... (default 64M)")
      ->type_name("SIZE");
  cmd.add_option("--chunk-size", o.chunk_size, "Bytes per chunk: 64K, 8M, ... (default 128K)")
      ->type_name("SIZE");
  cmd.add_flag("--progress,!--no-progress", o.progress,
               "Force the progress bar on or off (default: on when stderr is a terminal)");
  cmd.add_option("--trace", o.trace,
                 "Print the first N records as they enter and leave each step, to stderr")
      ->type_name("N");
  cmd.add_flag("--allow-writable-plugins", o.allow_writable_plugins,
               "Load plugins that group or others may write");
  cmd.add_flag("--profile", o.profile, "Profile each field into the report (~2x CPU)");
  cmd.add_option("--timeout", o.timeout, "Give up after this long with exit 3: 90s, 30m, 2h")
      ->type_name("DURATION");
  if (mode == JobMode::kRun) {
    cmd.add_option("--pipeline", o.pipeline, "Read the whole job from a JSON pipeline file")
        ->type_name("FILE");
    cmd.add_flag("--dry-run", o.dry_run, "Print the resolved plan and exit without processing");
    cmd.add_option("--upload", o.upload,
                   "After success, upload the output to azblob://CONTAINER/PATH")
        ->type_name("URL");
    cmd.add_flag("--upload-rejects", o.upload_rejects, "Also upload the rejects and report files");
    add_upload_flags(cmd, o.upload_flags);
    add_shard_options(cmd, o);
  }

}

void add_shard_options(CLI::App& cmd, RunOptions& o) {
  const char* group = "Sharded runs (see `recproc merge`)";
  cmd.add_option("--shard", o.shard, "Process share K of N (0-based) of the input bytes")
      ->type_name("K/N")
      ->group(group);
  cmd.add_option("--parts", o.parts, "With --shard: publish part-K and its manifest here")
      ->type_name("DIR")
      ->group(group);
  cmd.add_option("--attempt", o.attempt, "This attempt's number, kept in the manifest")
      ->type_name("A")
      ->group(group);
  cmd.add_option("--shard-start-state", o.shard_start_state,
                 "CSV quote state at the start (merge --check)")
      ->type_name("STATE")
      ->group(group);
}

}  // namespace recproc::cli
