#include "cli/run_plan.h"

#include <sys/stat.h>
#include <tbb/info.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "azure/blob_upload.h"
#include "azure/blob_url.h"
#include "azure/crypto.h"
#include "cli/format_choice.h"
#include "cli/pipeline_file.h"
#include "cli/shard_plan.h"
#include "cli/size_option.h"
#include "io/byte_source.h"
#include "io/file_source.h"
#include "recproc/error.h"
#include "schema/schema.h"
#include "transform/plugin_transform.h"
#include "transform/registry.h"

namespace recproc::cli {
namespace {

// `check` counts every bad record (its exit code says whether there were any), so it skips or
// quarantines; `run` fails at the first bad record unless told otherwise.
engine::ErrorPolicy resolve_policy(const RunOptions& o, JobMode mode) {
  std::string on_error = o.on_error;
  if (mode == JobMode::kCheck) {
    if (!on_error.empty() && on_error != "skip" && on_error != "quarantine") {
      throw UsageError("check: --on-error " + on_error +
                       " makes no sense; check reports all bad records");
    }
    on_error = o.rejects.empty() ? "skip" : "quarantine";
  } else if (on_error.empty()) {
    on_error = o.rejects.empty() ? "fail" : "quarantine";
  }
  if (!o.rejects.empty() && on_error != "quarantine") {
    throw UsageError("--rejects needs --on-error quarantine (got --on-error " + on_error + ")");
  }
  if (on_error == "quarantine" && o.rejects.empty() && o.shard.empty()) {  // a shard: DIR/rejects-K
    throw UsageError("--on-error quarantine needs --rejects FILE");
  }
  if (on_error == "fail") return engine::ErrorPolicy::kFail;
  if (on_error == "skip") return engine::ErrorPolicy::kSkip;
  return engine::ErrorPolicy::kQuarantine;
}

ErrorFormat parse_error_format(const std::string& text) {
  if (text == "text") return ErrorFormat::kText;
  if (text == "github") return ErrorFormat::kGithub;
  if (text == "sarif") return ErrorFormat::kSarif;
  throw UsageError("--error-format " + text + ": expected text, github or sarif");
}

// --error-format sarif is --sarif - (stdout). The log on stdout must be all that is there.
std::string sarif_path(const RunOptions& o, JobMode mode) {
  if (o.error_format == "sarif" && !o.sarif.empty()) {
    throw UsageError("--error-format sarif writes the SARIF log to stdout; drop --sarif " +
                     o.sarif + " or the --error-format");
  }
  const std::string path = o.error_format == "sarif" ? "-" : o.sarif;
  if (path == "-" && mode == JobMode::kRun && (o.output.empty() || o.output == "-")) {
    throw UsageError(
        "the SARIF log cannot go to stdout, which carries the records: give -o FILE, or "
        "--sarif FILE");
  }
  return path;
}

// The schema step comes first: later steps see validated (and cast) records.
void add_schema_step(RunPlan& plan) {
  schema::CompileOptions options;
  options.cast = plan.cast;
  const std::string text = io::read_whole_file(plan.schema);
  // The output blob's default schema_sha256 tag (issue 15), from the bytes compiled.
  plan.schema_sha256 = azure::sha256_hex(text);
  schema::SchemaPtr compiled = schema::compile(text, plan.schema, options);
  plan.rules = compiled->rules();
  plan.chain.insert(plan.chain.begin(),
                    schema::make_schema_transform(compiled, "validate " + plan.schema));
}

// CSV output takes its columns from the last select, else from the first record that comes out.
void choose_columns(RunPlan& plan) {
  if (!plan.output_format || !plan.output_format->needs_columns()) return;
  for (auto it = plan.chain.rbegin(); it != plan.chain.rend(); ++it) {
    auto fields = (*it)->output_fields();
    if (!fields.empty()) {
      plan.output_format->set_columns(std::move(fields));
      return;
    }
  }
  plan.columns_from_first_record = true;
}

// azblob:// destinations are checked for their form here, before anything is read (issue 15).
void check_blob_destinations(const RunOptions& o, const RunPlan& plan) {
  for (const std::string* p :
       {&plan.output, &plan.rejects, &plan.report, &plan.html, &plan.junit, &plan.sarif}) {
    if (!p->starts_with("azblob://")) continue;
    azure::BlobLocation where = azure::parse_azblob_url(*p);
    if (where.prefix.empty() || where.prefix.back() == '/') {
      throw UsageError(*p + ": name the blob, e.g. azblob://" + where.container + "/" +
                       where.prefix + "out.ndjson");
    }
  }
  if (plan.output.starts_with("azblob://") && !o.upload.empty()) {
    throw UsageError(
        "--upload needs -o FILE; with -o azblob:// the output is written to Blob already");
  }
}

std::optional<UploadPlan> upload_plan(const RunOptions& o) {
  if (o.upload.empty()) return std::nullopt;
  return UploadPlan{o.upload, o.upload_rejects, upload_options(o.upload_flags)};
}

// What opening would find wrong, found without keeping a descriptor: the engine opens inputs one
// at a time (issue 18). Returns the size on disk (0 for stdin and pipes). Messages as FileSource's.

}  // namespace

std::string_view policy_name(engine::ErrorPolicy policy) {
  switch (policy) {
    case engine::ErrorPolicy::kFail:
      return "fail";
    case engine::ErrorPolicy::kSkip:
      return "skip";
    case engine::ErrorPolicy::kQuarantine:
      return "quarantine";
  }
  return "fail";
}

namespace {

// Each azblob:// pattern becomes the blobs it names, in name order, listed once before the run.
std::vector<std::string> expand_blob_inputs(const RunOptions& o, RunPlan& plan) {
  std::vector<std::string> inputs;
  for (const std::string& in : o.inputs) {
    if (!is_blob_url(in)) {
      inputs.push_back(in);
      continue;
    }
    if (!plan.blob_access) {
      auto access = std::make_shared<BlobAccess>();
      const azure::UploadOptions options = upload_options(o.upload_flags);
      access->credentials = azure::credentials_for(options);
      access->http = options.http();
      access->retry = options.retry;
      plan.blob_access = std::move(access);
    }
    azure::BlobClient client(plan.blob_access->credentials, plan.blob_access->http,
                             plan.blob_access->retry);
    for (BlobInput& blob : resolve_blob_inputs(in, client)) {
      inputs.push_back(blob.url);
      plan.blobs.emplace(blob.url, std::move(blob));
    }
  }
  return inputs;
}

}  // namespace

RunPlan make_run_plan(RunOptions o, JobMode mode, const CLI::App& cmd) {
  if (!o.pipeline.empty()) apply_pipeline_file(o, cmd);
  if (o.inputs.empty()) throw UsageError("no input files (use - to read stdin)");
  RunPlan plan;
  plan.mode = mode;
  plan.policy = resolve_policy(o, mode);
  plan.rejects = o.rejects;
  plan.max_rejects = o.max_rejects;
  plan.max_reject_rate = o.max_reject_rate;
  if (!o.chunk_size.empty()) plan.chunk_size = parse_size(o.chunk_size, "--chunk-size");
  if (!o.max_record_bytes.empty()) {
    plan.max_record_bytes = parse_size(o.max_record_bytes, "--max-record-bytes");
  }
  plan.trace = o.trace;
  // Opt-in for run and check alike: the profile looks at every value, about twice the CPU of a
  // run without it (bench/RESULTS.md), too much to impose on every nightly check.
  plan.profile = o.profile > 0;
  if (plan.profile && !o.shard.empty()) {
    throw UsageError("--profile cannot be combined with --shard yet: merge does not add profiles");
  }
  plan.error_format = parse_error_format(o.error_format);
  plan.max_errors = o.max_errors;
  plan.all_cores = o.threads <= 0;
  plan.threads = plan.all_cores ? tbb::info::default_concurrency() : o.threads;
  plan.progress = o.progress > 0 || (o.progress == 0 && ::isatty(STDERR_FILENO));
  plan.report = o.report;
  plan.junit = o.junit;
  plan.html = o.html;
  plan.sarif = sarif_path(o, mode);
  plan.dry_run = o.dry_run;
  if (auto when = report::parse_alert_on(o.alert_on)) {
    plan.alert_on = *when;
  } else {  // CLI11 checks the flag; a pipeline file's alert_on arrives here unchecked
    throw UsageError("--alert-on " + o.alert_on + ": expected failure, rejects or always");
  }
  // A chat webhook URL is a secret: RECPROC_ALERT_WEBHOOK keeps it out of the process list.
  plan.alert_webhook = o.alert_webhook;
  if (const char* env = std::getenv("RECPROC_ALERT_WEBHOOK"); plan.alert_webhook.empty() && env) {
    plan.alert_webhook = env;
  }

  plan.inputs = expand_blob_inputs(o, plan);
  for (const auto& in : plan.inputs) {
    plan.input_formats.push_back(input_format_for(in, o.read));
    plan.input_dialects.push_back(input_dialect_for(in, o.read));
  }
  if (mode == JobMode::kRun) {
    plan.output = o.output;
    plan.output_format = output_format_for(o.output, o.output_format, o.read,
                                           input_kind_for(plan.inputs[0], o.read));
  }
  plan.schema = o.schema;
  plan.cast = o.cast;
  if (plan.has_schema_step()) add_schema_step(plan);
  plan.steps = o.steps;
  transform::allow_writable_plugins(o.allow_writable_plugins);
  for (const auto& spec : plan.steps) plan.chain.push_back(transform::make_transform(spec));
  choose_columns(plan);
  plan.upload = upload_plan(o);
  plan.blob_options = upload_options(o.upload_flags);
  check_blob_destinations(o, plan);
  if (!o.timeout.empty()) plan.timeout_seconds = parse_duration(o.timeout, "--timeout");
  if (!o.shard.empty()) apply_shard_plan(o, plan);
  return plan;
}

std::uint64_t check_input(const std::string& path) {
  if (path == "-") return 0;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || ::access(path.c_str(), R_OK) != 0) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw UsageError(path + ": is a directory, expected a file");
  return S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
}

engine::EngineConfig engine_config(const RunPlan& plan) {
  engine::EngineConfig config;
  config.policy = plan.policy;
  // A shard cannot see the job's totals: `recproc merge` applies the thresholds to them.
  if (plan.max_rejects && !plan.shard) config.max_rejects = *plan.max_rejects;
  if (plan.max_reject_rate && !plan.shard) config.max_reject_rate = *plan.max_reject_rate;
  config.chunk_size = plan.chunk_size;
  if (plan.max_record_bytes) config.max_record_bytes = *plan.max_record_bytes;
  config.limit_names = {"--max-rejects", "--max-reject-rate", "--max-record-bytes"};
  config.trace_records = plan.trace;
  config.profile = plan.profile;
  config.chain = plan.chain;
  config.output_format = plan.output_format;
  config.columns_from_first_record = plan.columns_from_first_record;
  return config;
}

std::vector<engine::EngineInput> open_inputs(const RunPlan& plan) {
  std::vector<engine::EngineInput> inputs;
  int stdin_count = 0;
  for (std::size_t i = 0; i < plan.inputs.size(); ++i) {
    engine::EngineInput in;
    in.path = plan.inputs[i];
    if (in.path == "-" && ++stdin_count > 1) throw UsageError("stdin (-) given more than once");
    in.format = plan.input_formats[i];
    if (auto blob = plan.blobs.find(in.path); blob != plan.blobs.end()) {
      in.size = blob->second.size;
      in.open = [blob = blob->second, access = plan.blob_access] {
        return open_blob_source(blob, access);
      };
    } else {
      in.size = check_input(in.path);
      in.open = [path = in.path] { return io::open_source(path); };
    }
    inputs.push_back(std::move(in));
  }
  return inputs;
}

std::string describe_plan(const RunPlan& plan) {
  std::string out = "inputs:\n";
  for (std::size_t i = 0; i < plan.inputs.size(); ++i) {
    const std::string& path = plan.inputs[i];
    std::string size = "stdin";
    struct stat st {};
    if (auto blob = plan.blobs.find(path); blob != plan.blobs.end()) {
      size = std::to_string(blob->second.size) + " bytes";
    } else if (path != "-") {
      size = ::stat(path.c_str(), &st) == 0 ? std::to_string(st.st_size) + " bytes" : "missing";
    }
    out += "  " + path + " (" + std::string(plan.input_formats[i]->name()) + ", " + size + ")\n";
  }
  out += "steps:\n";
  if (plan.has_schema_step()) {
    out += "  validate " + plan.schema + (plan.cast ? " (cast)" : "") + "\n";
  }
  for (const auto& spec : plan.steps) out += "  " + spec + "\n";
  out += "on_error: " + std::string(policy_name(plan.policy)) + "\n";
  if (plan.max_rejects) out += "max_rejects: " + std::to_string(*plan.max_rejects) + "\n";
  if (plan.max_reject_rate) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%g", *plan.max_reject_rate);
    out += "max_reject_rate: " + std::string(rate) + "\n";
  }
  if (!plan.rejects.empty()) out += "rejects: " + plan.rejects + "\n";
  if (plan.output_format) {
    out += "output: " + plan.output + " (" + std::string(plan.output_format->name()) + ")\n";
  }
  if (!plan.report.empty()) out += "report: " + plan.report + "\n";
  if (!plan.junit.empty()) out += "junit: " + plan.junit + "\n";
  if (!plan.html.empty()) out += "html: " + plan.html + "\n";
  if (!plan.sarif.empty()) out += "sarif: " + plan.sarif + "\n";
  if (plan.upload) out += "upload: " + plan.upload->url + "\n";
  if (!plan.alert_webhook.empty())
    out += "alert: on " + std::string(report::alert_on_name(plan.alert_on)) + "\n";
  out += "threads: " + (plan.all_cores ? std::string("all cores") : std::to_string(plan.threads)) +
         "\n";
  return out;
}

}  // namespace recproc::cli
