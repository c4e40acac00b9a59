#include "cli/format_choice.h"

#include <spdlog/spdlog.h>

#include "format/csv_dialect.h"
#include "format/csv_format.h"
#include "format/ndjson_format.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

format::CsvDialect dialect_from(const RunOptions& o, format::FormatKind kind) {
  format::CsvDialect d = format::dialect_for(kind);
  if (!o.delimiter.empty()) d.delimiter = format::parse_delimiter(o.delimiter);
  if (!o.quote.empty()) d.quote = format::parse_quote(o.quote);
  d.header = !o.no_header;
  d.allow_ragged = o.allow_ragged;
  format::check_dialect(d);
  return d;
}

}  // namespace

std::shared_ptr<const InputFormat> input_format_for(const std::string& path, const RunOptions& o) {
  format::FormatKind kind = format::detect_input_format(path, o.format);
  if (kind == format::FormatKind::kNdjson) return format::make_ndjson_input_format();
  return format::make_csv_input_format(dialect_from(o, kind),
                                       [](std::string_view w) { spdlog::warn("{}", w); });
}

std::shared_ptr<OutputFormat> output_format_for(const RunOptions& o, std::string_view input_format) {
  format::FormatKind in = format::detect_input_format("", input_format);
  format::FormatKind kind = format::detect_output_format(o.output, o.output_format, in);
  if (kind == format::FormatKind::kNdjson) return format::make_ndjson_output_format();
  format::CsvDialect d = format::dialect_for(kind);
  if (!o.delimiter.empty() && kind == format::FormatKind::kCsv) {
    d.delimiter = format::parse_delimiter(o.delimiter);
  }
  return format::make_csv_output_format(d);
}

}  // namespace recproc::cli
