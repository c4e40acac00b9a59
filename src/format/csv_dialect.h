// CSV dialects (delimiter, quote, header, ragged rows) and the choice of input and output format
// from `--format` / `--output-format` or the file extension (issue 4).
//
//   FormatKind in = detect_input_format("logs/data.csv.gz", "");   // kCsv, through .gz
//   CsvDialect d = dialect_for(in);                                // ',' '"' header
//   d.delimiter = parse_delimiter(";");
//   check_dialect(d);                                              // UsageError when unusable
#pragma once

#include <cstdint>
#include <string_view>

namespace recproc::format {

enum class FormatKind : std::uint8_t { kNdjson, kCsv, kTsv };

/// "ndjson", "csv", "tsv".
std::string_view format_name(FormatKind kind);

/// How a CSV or TSV file is written. TSV is CSV with a tab delimiter and the same quoting rules,
/// so a TSV field may be quoted to hold tabs or newlines; a quote inside a field is literal.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  bool header = true;         ///< first row names the columns; otherwise c1..cN
  bool allow_ragged = false;  ///< pad short rows with "" and cut long ones instead of rejecting
};

/// Defaults for a format: tab delimiter for kTsv, comma otherwise.
CsvDialect dialect_for(FormatKind kind);

/// Format from `explicit_format` ("ndjson", "jsonl", "csv", "tsv") when not empty, otherwise
/// from `path`'s extension seen through ".gz"/".zst" (.csv, .tsv/.tab, anything else NDJSON).
/// Throws UsageError for an unknown explicit format.
FormatKind detect_input_format(std::string_view path, std::string_view explicit_format);

/// Output format from `explicit_format`, else from the output path's extension when it names
/// CSV, TSV or NDJSON, else the input format. `path` is empty or "-" for stdout.
FormatKind detect_output_format(std::string_view path, std::string_view explicit_format,
                                FormatKind input_format);

/// `--delimiter`: "," ";" "|" or a tab given as "tab", "\t" (two characters) or a real tab.
/// Throws UsageError otherwise.
char parse_delimiter(std::string_view text);

/// `--quote`: exactly one character. Throws UsageError otherwise.
char parse_quote(std::string_view text);

/// Throws UsageError when the dialect cannot be parsed unambiguously (quote equals delimiter,
/// or either is CR, LF or NUL).
void check_dialect(const CsvDialect& dialect);

}  // namespace recproc::format
