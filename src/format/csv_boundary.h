// Where CSV records end, quote-aware, so the serial chunker never cuts inside a quoted field,
// even one whose newlines straddle a read (issue 4). Also reads the preamble: BOM and header.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "format/csv_dialect.h"
#include "recproc/format.h"

namespace recproc::format {

/// Receives warnings (duplicate column names) for the caller to log; library code never prints.
using WarningFn = std::function<void(std::string_view message)>;

/// Offset just past the last record terminator (an LF outside quotes) in `buf`, which must start
/// on a record boundary; 0 when there is none. With `first`, the first terminator instead
/// (npos when there is none).
///
/// The grammar is the reader's: a quote opens a quoted field only as the first byte of a field;
/// inside, a doubled quote is a literal quote and the next single quote closes the field; any
/// other quote is literal. So the quote state at every byte is known from the chunk start alone.
std::size_t csv_find_cut(std::string_view buf, const CsvDialect& dialect, bool first = false);

/// Makes header names unique: the second "id" becomes "id_2" (or "id_3" if "id_2" is taken).
/// Appends one message per renamed column to `warnings`.
std::vector<std::string> make_unique_names(std::vector<std::string> names,
                                           std::vector<std::string>& renames);

class CsvBoundary final : public Boundary {
 public:
  CsvBoundary(CsvDialect dialect, WarningFn on_warning)
      : dialect_(dialect), on_warning_(std::move(on_warning)) {}

  /// Strips a UTF-8 BOM; with a header, skips blank lines before it and consumes it (names made
  /// unique); without one, names c1..cN after the first record's field count (not consumed).
  std::size_t read_preamble(std::string_view head, bool eof, InputInfo& info) override;
  std::size_t last_cut(std::string_view buf, bool eof) override;

 private:
  CsvDialect dialect_;
  WarningFn on_warning_;
};

}  // namespace recproc::format
