// `recproc run` and `recproc check`: resolve options, open everything, run the engine, publish.
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "cli/exit_code.h"
#include "cli/format_choice.h"
#include "cli/job_plan.h"
#include "cli/progress_bar.h"
#include "cli/run_options.h"
#include "cli/size_option.h"
#include "engine/error_text.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "report/run_report.h"

namespace recproc::cli {
namespace {

engine::ErrorPolicy resolve_policy(RunOptions& o, JobMode mode) {
  if (mode == JobMode::kCheck) {
    // check counts every bad record; its exit code says whether there were any.
    if (!o.on_error.empty() && o.on_error != "skip" && o.on_error != "quarantine") {
      throw UsageError("check: --on-error " + o.on_error + " makes no sense; check reports all bad records");
    }
    o.on_error = o.rejects.empty() ? "skip" : "quarantine";
  } else if (o.on_error.empty()) {
    o.on_error = o.rejects.empty() ? "fail" : "quarantine";
  }
  if (!o.rejects.empty() && o.on_error != "quarantine") {
    throw UsageError("--rejects needs --on-error quarantine (got --on-error " + o.on_error + ")");
  }
  if (o.on_error == "quarantine" && o.rejects.empty()) {
    throw UsageError("--on-error quarantine needs --rejects FILE");
  }
  if (o.on_error == "fail") return engine::ErrorPolicy::kFail;
  if (o.on_error == "skip") return engine::ErrorPolicy::kSkip;
  return engine::ErrorPolicy::kQuarantine;
}

// Prints the first few bad records as they are found, in input order.
class ErrorPrinter {
 public:
  ErrorPrinter(const RunOptions& o, bool annotations_to_stdout)
      : github_(o.error_format == "github"), limit_(o.max_errors),
        to_stdout_(annotations_to_stdout) {}

  void print(const engine::RejectedRecord& r) {
    ++seen_;
    if (seen_ > limit_) return;
    std::string file = engine::display_path(*r.source);
    if (github_) {
      std::string msg = r.error->field.empty()
                            ? r.error->reason
                            : "field \"" + engine::pointer_to_dotted(r.error->field) + "\": " +
                                  r.error->reason;
      std::string line = report::github_annotation(file, r.line, msg) + "\n";
      std::fputs(line.c_str(), to_stdout_ ? stdout : stderr);
    } else {
      spdlog::warn("{}", engine::format_record_error(file, r.line, *r.error));
    }
  }
  void finish() const {
    if (seen_ > limit_) {
      spdlog::warn("{} more bad records not shown (--max-errors {})", seen_ - limit_, limit_);
    }
  }

 private:
  bool github_;
  std::size_t limit_;
  bool to_stdout_;
  std::size_t seen_ = 0;
};

std::string check_summary(const engine::RunStats& s) {
  std::string out;
  if (s.records_rejected == 0) {
    out = "check passed: " + std::to_string(s.records_in) + " records, all valid\n";
    return out;
  }
  out = "check failed: " + std::to_string(s.records_rejected) + " of " +
        std::to_string(s.records_in) + " records are invalid\n";
  for (const auto& g : s.error_groups) {
    out += "  " + std::to_string(g.count) + "x ";
    if (!g.field.empty()) out += "field \"" + engine::pointer_to_dotted(g.field) + "\": ";
    out += g.first_reason;
    if (!g.examples.empty()) {
      out += " (first at " + engine::display_path(g.examples[0].first) + ":" +
             std::to_string(g.examples[0].second) + ")";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

int execute_job(RunOptions o, JobMode mode, const CLI::App& cmd) {
  const std::string started_at = report::now_iso8601();
  if (!o.pipeline.empty()) apply_pipeline_file(o, cmd);
  if (o.inputs.empty()) throw UsageError("no input files (use - to read stdin)");
  engine::EngineConfig config;
  config.policy = resolve_policy(o, mode);
  if (o.max_rejects) config.max_rejects = *o.max_rejects;
  if (o.max_reject_rate) config.max_reject_rate = *o.max_reject_rate;
  config.chunk_size =
      o.chunk_size.empty() ? engine::kDefaultChunkSize : parse_size(o.chunk_size, "--chunk-size");
  config.trace_records = o.trace;

  // Compile everything that can be wrong before reading a byte: formats, schema, steps.
  JobPlan plan = build_plan(o, mode);
  config.chain = plan.chain;
  config.output_format = plan.output_format;
  config.columns_from_first_record = plan.columns_from_first_record;

  if (o.dry_run) {
    std::fputs(describe_plan(o, plan).c_str(), stdout);
    return static_cast<int>(ExitCode::kSuccess);
  }

  // Open inputs: a missing or unreadable file fails here, before any output exists.
  std::vector<engine::EngineInput> inputs = open_inputs(o, plan);

  const int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  tbb::global_control thread_limit(tbb::global_control::max_allowed_parallelism,
                                   static_cast<std::size_t>(threads));

  std::unique_ptr<io::OutputFile> output;
  if (mode == JobMode::kRun) output = std::make_unique<io::OutputFile>(o.output);
  std::unique_ptr<io::OutputFile> rejects;
  if (!o.rejects.empty()) rejects = std::make_unique<io::OutputFile>(o.rejects);

  const bool progress_on = o.progress > 0 || (o.progress == 0 && ::isatty(STDERR_FILENO));
  ProgressBar progress(progress_on);
  ErrorPrinter printer(o, mode == JobMode::kCheck || (output && !output->is_stdout()));

  // The header is asked for at the first write: CSV columns may come from the first record.
  bool header_written = false;
  auto write_header = [&] {
    if (header_written || !output) return;
    header_written = true;
    std::string header = plan.output_format->header();
    if (!header.empty()) output->write(header);
  };
  engine::RunObserver observer;
  if (output) {
    observer.write_output = [&](std::string_view bytes) {
      write_header();
      output->write(bytes);
    };
  }
  observer.on_reject = [&](const engine::RejectedRecord& r) {
    if (rejects) rejects->write(report::reject_line(r));
    if (config.policy != engine::ErrorPolicy::kFail) printer.print(r);
  };
  observer.on_progress = [&](const engine::Progress& p) { progress.update(p); };
  observer.on_trace = [&](std::string_view text) {
    progress.finish();
    std::fwrite(text.data(), 1, text.size(), stderr);
  };

  engine::RunStats stats = engine::run(inputs, config, observer);
  progress.finish();
  printer.finish();

  report::RunContext ctx;
  ctx.command = mode == JobMode::kRun ? "run" : "check";
  ctx.started_at = started_at;
  ctx.threads = threads;
  ctx.policy = o.on_error;
  ctx.schema = o.schema;
  ctx.steps = o.steps;
  ctx.rejects = o.rejects;
  ctx.output = mode == JobMode::kRun ? o.output : "";

  ExitCode code = ExitCode::kSuccess;
  if (stats.stopped) {
    code = ExitCode::kDataError;
    ctx.error = stats.stop_reason;
    spdlog::error("{}", stats.stop_reason);
  } else if (mode == JobMode::kCheck && stats.records_rejected > 0) {
    code = ExitCode::kDataError;
  }
  if (output) {
    if (code == ExitCode::kSuccess) {
      write_header();
      output->commit();
      ctx.output_published = true;
    } else {
      output->abandon();
      if (!output->is_stdout()) spdlog::error("output not published: {}", o.output);
    }
  }
  // Rejects and reports are written even when the run failed: they say why.
  if (rejects) rejects->commit();
  ctx.exit_code = static_cast<int>(code);
  ctx.status = code == ExitCode::kSuccess ? "success" : "data_error";

  if (mode == JobMode::kCheck) std::fputs(check_summary(stats).c_str(), stdout);
  spdlog::info("{}", report::summary_line(stats));
  return finish_job(o, stats, ctx, plan);
}

}  // namespace recproc::cli
