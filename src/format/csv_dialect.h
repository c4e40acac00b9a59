// CSV dialects: delimiter, quote, header, ragged rows (issue 4). Messages name the value, not
// the flag it came from: the caller adds that.
//
//   CsvDialect d = dialect_for(FormatKind::kCsv);                  // ',' '"' header
//   d.delimiter = parse_delimiter(";");
//   check_dialect(d);                                              // UsageError when unusable
#pragma once

#include <string_view>

#include "format/format_kind.h"

namespace recproc::format {

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

/// A delimiter: "," ";" "|" or a tab given as "tab", "\t" (two characters) or a real tab.
/// Throws UsageError otherwise.
char parse_delimiter(std::string_view text);

/// A quote: exactly one character. Throws UsageError otherwise.
char parse_quote(std::string_view text);

/// Throws UsageError when the dialect cannot be parsed unambiguously (quote equals delimiter,
/// or either is CR, LF or NUL).
void check_dialect(const CsvDialect& dialect);

}  // namespace recproc::format
