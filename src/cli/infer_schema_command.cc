// `recproc infer-schema INPUT [--sample N] [-o FILE]`: a JSON Schema inferred from the first N
// records, as the start of a data contract (issue 3). `--schema` accepts the result, and the
// sampled records validate against it (CSV input with --cast).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <string>

#include "cli/command.h"
#include "cli/flag_groups.h"
#include "cli/help_formatter.h"
#include "cli/record_sample.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "schema/schema_inference.h"

namespace recproc::cli {
namespace {

struct InferArgs {
  std::string input;
  std::size_t sample = 1000;
  std::string output = "-";
  FormatFlags read;       // as for `run`
  BlobSignInFlags blobs;  // for an azblob:// input
};

int run_infer_schema(const InferArgs& args) {
  schema::InferenceOptions options;
  options.values_are_text = is_text_format(args.input, args.read);
  schema::SchemaInference inference(options);
  std::size_t sampled = 0;
  std::size_t failed = 0;
  read_sample(args.input, args.read, args.blobs, [&](const SampledRecord& s) {
    ++sampled;
    if (s.status == ReadStatus::kError) {
      if (failed++ == 0) spdlog::warn("{}:{}: {}", args.input, s.line, s.error->reason);
    } else {
      inference.add(*s.record);
    }
    return sampled < args.sample;
  });
  if (failed > 0) {
    spdlog::warn("{}: {} of {} sampled lines failed to parse and were left out", args.input, failed,
                 sampled);
  }
  if (inference.records() == 0) {
    throw DataError(args.input + ": no records to infer a schema from");
  }
  spdlog::info("{}: schema inferred from {} records", args.input, inference.records());
  io::OutputFile out(args.output);
  out.write(inference.schema_json());
  out.commit();
  return 0;
}

}  // namespace

void add_infer_schema_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<InferArgs>();
  CLI::App* cmd = app.add_subcommand(
      "infer-schema", "Write a JSON Schema inferred from the first records of an input");
  cmd->footer(help_footer(
      "Infers types, required fields (present in every sampled record), formats such as "
      "date-time, and enums for strings with few distinct values. CSV fields are typed by "
      "their text, so validate CSV input with --schema FILE --cast.",
      {"recproc infer-schema events.ndjson --sample 5000 -o events.schema.json",
       "recproc infer-schema in.csv -o in.schema.json",
       "recproc check in.csv --schema in.schema.json --cast"}));
  cmd->add_option("INPUT", args->input, "Input file, azblob:// blob or pattern, '-' for stdin")
      ->required();
  cmd->add_option("--sample", args->sample, "Number of lines to sample")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Schema file to write ('-' for stdout)")
      ->type_name("FILE")
      ->capture_default_str();
  add_format_flags(*cmd, args->read);
  add_blob_sign_in_flags(*cmd, args->blobs);
  cmd->callback([&action, args] { action = [args] { return run_infer_schema(*args); }; });
}

}  // namespace recproc::cli
