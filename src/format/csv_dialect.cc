#include "format/csv_dialect.h"

#include <string>

#include "recproc/error.h"

namespace recproc::format {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Same suffixes as io::strip_compression_suffix; format does not include io (STYLE.md layering).
std::string_view strip_compression_suffix(std::string_view path) {
  for (std::string_view suffix : {".gz", ".zst"}) {
    if (ends_with(path, suffix)) return path.substr(0, path.size() - suffix.size());
  }
  return path;
}

/// The format an extension names, if it names one.
bool format_from_extension(std::string_view path, FormatKind& kind) {
  path = strip_compression_suffix(path);
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

FormatKind parse_format(std::string_view text, std::string_view flag) {
  if (text == "ndjson" || text == "jsonl") return FormatKind::kNdjson;
  if (text == "csv") return FormatKind::kCsv;
  if (text == "tsv") return FormatKind::kTsv;
  throw UsageError(std::string(flag) + ": unknown format \"" + std::string(text) +
                   "\" (expected ndjson, csv or tsv)");
}

std::string printable(char c) {
  if (c == '\t') return "tab";
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\0') return "\\0";
  return std::string(1, c);
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

CsvDialect dialect_for(FormatKind kind) {
  CsvDialect d;
  if (kind == FormatKind::kTsv) d.delimiter = '\t';
  return d;
}

FormatKind detect_input_format(std::string_view path, std::string_view explicit_format) {
  if (!explicit_format.empty()) return parse_format(explicit_format, "--format");
  FormatKind kind = FormatKind::kNdjson;
  format_from_extension(path, kind);
  return kind;
}

FormatKind detect_output_format(std::string_view path, std::string_view explicit_format,
                                FormatKind input_format) {
  if (!explicit_format.empty()) return parse_format(explicit_format, "--output-format");
  FormatKind kind = input_format;
  if (!path.empty() && path != "-") format_from_extension(path, kind);
  return kind;
}

char parse_delimiter(std::string_view text) {
  if (text == "," || text == ";" || text == "|") return text[0];
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  throw UsageError("--delimiter: expected one of , ; | tab, got \"" + std::string(text) + "\"");
}

char parse_quote(std::string_view text) {
  if (text.size() == 1) return text[0];
  throw UsageError("--quote: expected one character, got \"" + std::string(text) + "\"");
}

void check_dialect(const CsvDialect& d) {
  for (char c : {d.delimiter, d.quote}) {
    if (c == '\n' || c == '\r' || c == '\0') {
      throw UsageError("CSV delimiter and quote cannot be " + printable(c));
    }
  }
  if (d.delimiter == d.quote) {
    throw UsageError("--quote and --delimiter must differ (both are " + printable(d.quote) + ")");
  }
}

}  // namespace recproc::format
