// One `run` or `check` job as named phases, each timed (PhaseTimes): build chain, open inputs,
// run, publish, upload, report, alert. execute_job() calls them in order; a phase that throws
// (UsageError, IoError) ends the job, and the output's destructor removes its temporary file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/job_output.h"
#include "cli/phase_timer.h"
#include "cli/run_plan.h"
#include "cli/shard_plan.h"
#include "engine/engine.h"
#include "io/output_file.h"
#include "report/run_report.h"
#include "report/sarif_log.h"

namespace recproc::cli {

struct ShardManifest;

class Job {
 public:
  /// Compiles formats, schema and steps: everything that can be wrong before reading a byte.
  void build_chain(RunOptions options, JobMode mode, const CLI::App& cmd);
  const RunPlan& plan() const { return plan_; }
  /// --dry-run: prints the plan instead of running it.
  int print_plan() const;

  /// --shard: finds this shard's record ranges; true when an earlier attempt of the same job
  /// already committed them (the part's hash matches), so there is nothing to do.
  bool plan_shard();

  /// Inputs the caller makes itself instead of the plan's files (`logs` feeds its rows through
  /// an io::ByteQueue); before open_inputs().
  void use_inputs(std::vector<engine::EngineInput> inputs) {
    inputs_ = std::move(inputs);
    inputs_given_ = true;
  }
  /// Opens the inputs and creates the temporary output and rejects files (or checks their
  /// blobs). False when there is nothing to do: -o azblob:// names a blob that exists and
  /// --skip-existing was given.
  bool open_inputs();
  /// The engine over every input, writing output and rejects in input order.
  void run();
  /// Renames the output into place after success only; rejects are always kept, they say why.
  void publish();
  /// --upload: the published output, after success only. A failed upload makes the exit code 3.
  void upload();
  /// --report, --html, --junit and --sarif, then (--upload-rejects) the rejects and report beside
  /// the output.
  void report();
  /// --alert-webhook, as --alert-on says. Never changes the exit code.
  void alert();

  int exit_code() const { return ctx_.exit_code; }
  /// The run report that --report writes, once publish() filled the context.
  std::string report_json() const { return report::report_json(stats_, ctx_); }
  /// The engine's counts, once run() is done.
  const engine::RunStats& stats() const { return stats_; }
  /// --timeout and, for a shard, ending with the parent process.
  void arm_watchdogs() const;
  /// -v: the time each phase took.
  void log_phases() const;

 private:
  RunPlan plan_;
  PhaseTimes phases_;
  report::RunContext ctx_;
  std::vector<engine::EngineInput> inputs_;
  bool inputs_given_ = false;
  std::unique_ptr<BlobSettings> blob_;  ///< when any destination is azblob:// (issue 15)
  std::unique_ptr<JobOutput> output_;
  std::unique_ptr<JobOutput> rejects_;
  engine::RunStats stats_;
  std::vector<azure::UploadTarget> uploaded_;  ///< where the output went
  report::SarifLog sarif_;                     ///< --sarif: the first bad records
  std::vector<ShardedInput> shard_inputs_;
  std::vector<ShardRange> shard_ranges_;

  /// --shard, after publish() filled the context: commits part and rejects whatever the outcome,
  /// then the manifest.
  void publish_shard();
  /// --shard -o azblob://: the blob still holds every block an earlier attempt staged.
  bool blocks_still_staged(const ShardManifest& done) const;
  /// Retried Blob Storage requests of every blob the job read or wrote; nullopt for none.
  std::optional<std::uint64_t> blob_retries() const;
  /// Checks the report-like blob destinations before the run, so that an existing one fails
  /// the job before a byte is read rather than after.
  void check_side_blobs();
};

}  // namespace recproc::cli
