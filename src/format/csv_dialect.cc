#include "format/csv_dialect.h"

#include <string>

#include "recproc/error.h"

namespace recproc::format {
namespace {

std::string printable(char c) {
  if (c == '\t') return "tab";
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\0') return "\\0";
  return std::string(1, c);
}

}  // namespace

CsvDialect dialect_for(FormatKind kind) {
  CsvDialect d;
  if (kind == FormatKind::kTsv) d.delimiter = '\t';
  return d;
}

char parse_delimiter(std::string_view text) {
  if (text == "," || text == ";" || text == "|") return text[0];
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  throw UsageError("expected one of , ; | tab, got \"" + std::string(text) + "\"");
}

char parse_quote(std::string_view text) {
  if (text.size() == 1) return text[0];
  throw UsageError("expected one character, got \"" + std::string(text) + "\"");
}

void check_dialect(const CsvDialect& d) {
  for (char c : {d.delimiter, d.quote}) {
    if (c == '\n' || c == '\r' || c == '\0') {
      throw UsageError("CSV delimiter and quote cannot be " + printable(c));
    }
  }
  if (d.delimiter == d.quote) {
    throw UsageError("the quote and the delimiter must differ (both are " + printable(d.quote) +
                     ")");
  }
}

}  // namespace recproc::format
