#include "cli/format_choice.h"

#include <spdlog/spdlog.h>

#include "cli/flag_error.h"
#include "format/csv_format.h"
#include "format/ndjson_format.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

char parse_delimiter(const std::string& text) {
  return with_flag("--delimiter", [&] { return format::parse_delimiter(text); });
}

format::CsvDialect dialect_from(const FormatFlags& o, format::FormatKind kind) {
  format::CsvDialect d = format::dialect_for(kind);
  if (!o.delimiter.empty()) d.delimiter = parse_delimiter(o.delimiter);
  if (!o.quote.empty()) {
    d.quote = with_flag("--quote", [&] { return format::parse_quote(o.quote); });
  }
  d.header = !o.no_header;
  d.allow_ragged = o.allow_ragged;
  with_flag("--quote and --delimiter", [&] { format::check_dialect(d); });
  return d;
}

}  // namespace

format::FormatKind input_kind_for(const std::string& path, const FormatFlags& flags) {
  return with_flag("--format", [&] { return format::detect_input_format(path, flags.format); });
}

std::shared_ptr<const InputFormat> input_format_for(const std::string& path, const FormatFlags& o) {
  format::FormatKind kind = input_kind_for(path, o);
  if (kind == format::FormatKind::kNdjson) return format::make_ndjson_input_format();
  return format::make_csv_input_format(dialect_from(o, kind),
                                       [](std::string_view w) { spdlog::warn("{}", w); });
}

std::optional<format::CsvDialect> input_dialect_for(const std::string& path,
                                                    const FormatFlags& o) {
  format::FormatKind kind = input_kind_for(path, o);
  if (kind == format::FormatKind::kNdjson) return std::nullopt;
  return dialect_from(o, kind);
}

std::shared_ptr<OutputFormat> output_format_for(const std::string& output,
                                                const std::string& output_format,
                                                const FormatFlags& o,
                                                format::FormatKind input_kind) {
  format::FormatKind kind = with_flag("--output-format", [&] {
    return format::detect_output_format(output, output_format, input_kind);
  });
  if (kind == format::FormatKind::kNdjson) return format::make_ndjson_output_format();
  format::CsvDialect d = format::dialect_for(kind);
  if (!o.delimiter.empty() && kind == format::FormatKind::kCsv) {
    d.delimiter = parse_delimiter(o.delimiter);
  }
  return format::make_csv_output_format(d);
}

}  // namespace recproc::cli
