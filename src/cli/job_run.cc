// `recproc run` and `recproc check`: the job's phases up to the published output.
#include <spdlog/spdlog.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/error_printer.h"
#include "cli/exit_code.h"
#include "cli/job.h"
#include "cli/progress_bar.h"
#include "report/check_summary.h"

namespace recproc::cli {

int execute_job(RunOptions options, JobMode mode, const CLI::App& cmd) {
  Job job;
  job.build_chain(std::move(options), mode, cmd);
  if (job.plan().dry_run) return job.print_plan();
  job.arm_watchdogs();
  if (job.plan().shard && job.plan_shard()) return job.exit_code();
  if (!job.open_inputs()) return job.exit_code();
  job.run();
  job.publish();
  job.upload();
  job.report();
  job.alert();
  job.log_phases();
  return job.exit_code();
}

void Job::build_chain(RunOptions options, JobMode mode, const CLI::App& cmd) {
  ctx_.started_at = report::now_iso8601();
  auto timer = phases_.start("build chain");
  plan_ = make_run_plan(std::move(options), mode, cmd);
}

int Job::print_plan() const {
  std::fputs(describe_plan(plan_).c_str(), stdout);
  return static_cast<int>(ExitCode::kSuccess);
}

bool Job::open_inputs() {
  auto timer = phases_.start("open inputs");
  if (!inputs_given_) {
    inputs_ = plan_.shard ? open_shard_inputs(plan_, shard_ranges_) : cli::open_inputs(plan_);
  }
  bool any_blob = false;
  for (const std::string* p :
       {&plan_.output, &plan_.rejects, &plan_.report, &plan_.html, &plan_.junit, &plan_.sarif}) {
    any_blob = any_blob || is_blob_path(*p);
  }
  if (any_blob) {
    blob_ = std::make_unique<BlobSettings>(
        BlobSettings{azure::credentials_for(plan_.blob_options), plan_.blob_options});
  }
  if (plan_.mode == JobMode::kRun) {
    std::optional<azure::BlockNaming> staged;  // a shard stages blocks of the final blob
    if (plan_.shard && !plan_.shard->output_blob.empty()) {
      staged = azure::BlockNaming{plan_.shard->index, plan_.shard->attempt};
    }
    output_ = std::make_unique<JobOutput>(plan_.output, blob_.get(), staged);
    if (output_->exists_already() && plan_.blob_options.if_exists == azure::IfExists::kSkip) {
      // The output is what a run is for: when it is there, the job was done (issue 15).
      spdlog::warn("skipped: {} exists (--skip-existing); nothing processed", plan_.output);
      output_.reset();
      return false;
    }
  }
  if (!plan_.rejects.empty()) rejects_ = std::make_unique<JobOutput>(plan_.rejects, blob_.get());
  check_side_blobs();
  return true;
}

void Job::run() {
  auto timer = phases_.start("run");
  tbb::global_control thread_limit(tbb::global_control::max_allowed_parallelism,
                                   static_cast<std::size_t>(plan_.threads));
  const engine::EngineConfig config = engine_config(plan_);
  ProgressBar progress(plan_.progress);
  ErrorPrinter printer(plan_, plan_.mode == JobMode::kCheck || (output_ && !output_->is_stdout()));

  // The header is asked for at the first write: CSV columns may come from the first record.
  bool header_written = false;
  auto write_header = [&] {
    if (header_written || !output_) return;
    if (plan_.shard && plan_.shard->index > 0) return;  // shard 0 writes the one header
    header_written = true;
    std::string header = plan_.output_format->header();
    if (!header.empty()) output_->write(header);
  };
  engine::RunObserver observer;
  if (output_) {
    observer.write_output = [&](std::string_view bytes) {
      write_header();
      output_->write(bytes);
    };
  }
  observer.on_reject = [&](const engine::RejectedRecord& r) {
    if (rejects_) rejects_->write(report::reject_line(r));
    if (!plan_.sarif.empty()) sarif_.add(r);
    if (config.policy == engine::ErrorPolicy::kFail) return;
    // The message gets a line of its own; the bar is drawn again below it.
    if (printer.prints_next()) progress.finish();
    printer.print(r);
  };
  observer.on_progress = [&](const engine::Progress& p) { progress.update(p); };
  observer.on_trace = [&](std::string_view text) {
    progress.finish();
    std::fwrite(text.data(), 1, text.size(), stderr);
  };

  stats_ = engine::run(inputs_, config, observer);
  progress.finish();
  printer.finish();
  if (output_ && !stats_.stopped) write_header();  // an empty CSV output still has its header
}

void Job::publish() {
  auto timer = phases_.start("publish");
  ctx_.command = plan_.mode == JobMode::kRun ? "run" : "check";
  ctx_.threads = plan_.threads;
  ctx_.policy = std::string(policy_name(plan_.policy));
  ctx_.schema = plan_.schema;
  ctx_.steps = plan_.steps;
  ctx_.rejects = plan_.rejects;
  ctx_.output = plan_.mode == JobMode::kRun ? plan_.output : "";
  ctx_.max_rejects = plan_.max_rejects;
  ctx_.max_reject_rate = plan_.max_reject_rate;
  if (plan_.shard) return publish_shard();

  ExitCode code = ExitCode::kSuccess;
  if (stats_.stopped) {
    code = ExitCode::kDataError;
    ctx_.error = stats_.stop_reason;
    spdlog::error("{}", stats_.stop_reason);
  } else if (plan_.mode == JobMode::kCheck && stats_.records_rejected > 0) {
    code = ExitCode::kDataError;
  }
  if (output_) {
    if (code == ExitCode::kSuccess) {
      ctx_.output_published = output_->commit(job_tags(stats_, plan_.schema_sha256));
      if (!ctx_.output_published) {
        spdlog::warn("{} appeared during the run; left as it was (--skip-existing)", plan_.output);
      }
    } else {
      output_->abandon();
      if (!output_->is_stdout()) spdlog::error("output not published: {}", plan_.output);
    }
  }
  if (rejects_) rejects_->commit();
  ctx_.exit_code = static_cast<int>(code);
  ctx_.status = code == ExitCode::kSuccess ? "success" : "data_error";

  // With the SARIF log on stdout (--error-format sarif) the summary moves to stderr.
  if (plan_.mode == JobMode::kCheck) {
    std::fputs(report::check_summary(stats_).c_str(), plan_.sarif == "-" ? stderr : stdout);
  }
  spdlog::info("{}", report::summary_line(stats_));
}

void Job::log_phases() const { spdlog::debug("phase times: {}", phases_.summary()); }

}  // namespace recproc::cli
