#include "cli/format_choice.h"

#include "format/ndjson_format.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view strip_compression(std::string_view path) {
  for (std::string_view ext : {".gz", ".zst"}) {
    if (ends_with(path, ext)) return path.substr(0, path.size() - ext.size());
  }
  return path;
}

std::string format_from_extension(std::string_view path) {
  path = strip_compression(path);
  if (ends_with(path, ".csv")) return "csv";
  if (ends_with(path, ".tsv") || ends_with(path, ".tab")) return "tsv";
  return "ndjson";
}

void check_format_name(const std::string& name, std::string_view flag) {
  if (name != "ndjson" && name != "csv" && name != "tsv" && name != "jsonl") {
    throw UsageError(std::string(flag) + " " + name + ": expected ndjson, csv or tsv");
  }
}

}  // namespace

std::shared_ptr<const InputFormat> input_format_for(const std::string& path, const RunOptions& o) {
  std::string name = o.format.empty() ? format_from_extension(path) : o.format;
  check_format_name(name, "--format");
  if (name == "ndjson" || name == "jsonl") return format::make_ndjson_input_format();
  throw UsageError("--format " + name + ": CSV input is not available in this build");
}

std::shared_ptr<OutputFormat> output_format_for(const RunOptions& o, std::string_view input_format) {
  std::string name = o.output_format;
  if (name.empty()) {
    name = (o.output.empty() || o.output == "-") ? std::string(input_format)
                                                 : format_from_extension(o.output);
  }
  check_format_name(name, "--output-format");
  if (name == "ndjson" || name == "jsonl") return format::make_ndjson_output_format();
  throw UsageError("--output-format " + name + ": CSV output is not available in this build");
}

}  // namespace recproc::cli
