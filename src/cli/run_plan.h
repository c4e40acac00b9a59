// A `run` or `check` job resolved once from its flags: typed settings, parsed sizes, the
// compiled formats and transform chain. make_run_plan() builds everything that can be wrong
// before a byte is read, so that a bad schema, expression or flag fails fast with exit 2; the
// phases after it read only this plan, never a flag string.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "azure/blob_upload.h"
#include "cli/blob_inputs.h"
#include "cli/run_options.h"
#include "engine/engine.h"
#include "format/csv_dialect.h"
#include "format/record_split.h"
#include "recproc/format.h"
#include "recproc/transform.h"
#include "report/alert.h"

namespace recproc::cli {

enum class ErrorFormat { kText, kGithub, kSarif };

/// --upload: where the published output goes, and what else goes beside it.
struct UploadPlan {
  std::string url;             ///< azblob://CONTAINER/PATH
  bool with_sidecars = false;  ///< also the rejects and report files (--upload-rejects)
  azure::UploadOptions options;
};

/// --shard K/N: this process publishes share K of N into a parts directory (issue 14).
struct ShardPlan {
  std::size_t index = 0;
  std::size_t count = 1;
  std::string parts_dir;
  unsigned attempt = 0;
  /// The CSV quote state at the share's start when `merge --check` said which; else assumed
  /// unquoted.
  std::optional<format::QuoteState> start_state;
  /// -o azblob://C/NAME (issue 14): the output goes up as uncommitted blocks of that, the final
  /// blob, for `merge` to commit; empty when the output is DIR/part-K.
  std::string output_blob;

  std::string part_path() const { return parts_dir + "/part-" + std::to_string(index); }
  std::string rejects_path() const { return parts_dir + "/rejects-" + std::to_string(index); }
  std::string manifest_path() const { return part_path() + ".json"; }
};

struct RunPlan {
  JobMode mode = JobMode::kRun;

  // Inputs, one format each.
  std::vector<std::string> inputs;
  std::vector<std::shared_ptr<const InputFormat>> input_formats;
  std::vector<std::optional<format::CsvDialect>> input_dialects;  ///< nullopt for NDJSON
  /// The azblob:// inputs as listed (issue 15), by URL, and how to reach them.
  std::map<std::string, BlobInput> blobs;
  std::shared_ptr<const BlobAccess> blob_access;

  // Steps: schema validation first when there is a schema, then the -t steps.
  std::string schema;  ///< the schema's path; empty for none
  bool cast = false;
  std::vector<std::string> steps;  ///< the -t specs as written, for reports
  std::vector<TransformPtr> chain;
  std::vector<std::string> rules;  ///< checks the schema makes, for JUnit test cases

  // Output; `check` has none.
  std::string output;  ///< "-" is stdout
  std::shared_ptr<OutputFormat> output_format;
  bool columns_from_first_record = false;  ///< CSV output with no select to name its columns

  // Bad records.
  engine::ErrorPolicy policy = engine::ErrorPolicy::kFail;
  std::string rejects;  ///< quarantine file; empty for none
  std::optional<std::uint64_t> max_rejects;
  std::optional<double> max_reject_rate;
  ErrorFormat error_format = ErrorFormat::kText;
  std::size_t max_errors = 10;  ///< errors printed (annotations with github)

  // The engine.
  std::size_t chunk_size = engine::kDefaultChunkSize;
  std::optional<std::size_t> max_record_bytes;  ///< the engine's default when not given
  std::size_t trace = 0;
  bool profile = false;   ///< gather the field profile for the report (issue 20)
  int threads = 1;        ///< resolved: -j, else every core
  bool all_cores = true;  ///< no -j given
  bool progress = false;  ///< resolved: forced, else whether stderr is a terminal

  // After the run.
  std::string report;
  std::string junit;
  std::string html;   ///< HTML report page
  std::string sarif;  ///< SARIF log; "-" is stdout (--error-format sarif)
  std::optional<UploadPlan> upload;
  /// How azblob:// destinations (-o, --rejects, --report, ...) are written (issue 15).
  azure::UploadOptions blob_options;
  std::string schema_sha256;  ///< hex SHA-256 of the schema file as compiled; empty without one
  std::string alert_webhook;  ///< --alert-webhook, else RECPROC_ALERT_WEBHOOK
  report::AlertOn alert_on = report::AlertOn::kFailure;
  bool dry_run = false;
  double timeout_seconds = 0;  ///< --timeout; 0 for none
  std::optional<ShardPlan> shard;

  bool has_schema_step() const { return !schema.empty(); }
};

/// Reads --pipeline (flags given on the command line win), checks the flags against each other
/// and compiles formats, schema and steps. Throws UsageError.
RunPlan make_run_plan(RunOptions o, JobMode mode, const CLI::App& cmd);

/// The engine's settings for the plan.
engine::EngineConfig engine_config(const RunPlan& plan);

/// Checks that `path` exists, is readable and is not a directory; its size (0 when not a regular
/// file). Throws IoError / UsageError.
std::uint64_t check_input(const std::string& path);

/// Opens every input: a missing or unreadable file fails here, before any output exists.
std::vector<engine::EngineInput> open_inputs(const RunPlan& plan);

/// The --dry-run text: inputs with sizes, formats, steps, policies, outputs.
std::string describe_plan(const RunPlan& plan);

/// "fail", "skip" or "quarantine", as the flag spells it.
std::string_view policy_name(engine::ErrorPolicy policy);

}  // namespace recproc::cli
