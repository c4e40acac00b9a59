#include "format/format_kind.h"

#include <string>

#include "io/compression.h"
#include "recproc/error.h"

namespace recproc::format {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The format an extension names, if it names one.
bool format_from_extension(std::string_view path, FormatKind& kind) {
  path = io::strip_compression_suffix(path);
  if (ends_with(path, ".csv")) {
    kind = FormatKind::kCsv;
  } else if (ends_with(path, ".tsv") || ends_with(path, ".tab")) {
    kind = FormatKind::kTsv;
  } else if (ends_with(path, ".ndjson") || ends_with(path, ".jsonl") || ends_with(path, ".json")) {
    kind = FormatKind::kNdjson;
  } else {
    return false;
  }
  return true;
}

FormatKind parse_format(std::string_view text) {
  if (text == "ndjson" || text == "jsonl") return FormatKind::kNdjson;
  if (text == "csv") return FormatKind::kCsv;
  if (text == "tsv") return FormatKind::kTsv;
  throw UsageError("unknown format \"" + std::string(text) + "\" (expected ndjson, csv or tsv)");
}

}  // namespace

std::string_view format_name(FormatKind kind) {
  switch (kind) {
    case FormatKind::kNdjson:
      return "ndjson";
    case FormatKind::kCsv:
      return "csv";
    case FormatKind::kTsv:
      return "tsv";
  }
  return "ndjson";
}

FormatKind detect_input_format(std::string_view path, std::string_view explicit_format) {
  if (!explicit_format.empty()) return parse_format(explicit_format);
  FormatKind kind = FormatKind::kNdjson;
  format_from_extension(path, kind);
  return kind;
}

FormatKind detect_output_format(std::string_view path, std::string_view explicit_format,
                                FormatKind input_format) {
  if (!explicit_format.empty()) return parse_format(explicit_format);
  FormatKind kind = input_format;
  if (!path.empty() && path != "-") format_from_extension(path, kind);
  return kind;
}

}  // namespace recproc::format
