// Writes records as CSV or TSV rows under a fixed list of columns (issue 4).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "format/csv_dialect.h"
#include "recproc/format.h"

namespace recproc::format {

/// The output columns, fixed once (from `select`, the schema or the first record) before any
/// row is written, then shared read-only by every worker's writer.
struct CsvColumns {
  std::vector<std::string> names;
  std::vector<std::string> escaped;  ///< names as JSON-escaped keys, to match Node::key fast
  /// Nested paths for names such as "Properties.retries" (from `select`); empty otherwise.
  std::vector<FieldPath> nested;
  bool set = false;
};

/// Appends `value` as one field, quoted only when it has the delimiter, the quote, CR or LF
/// (quotes doubled), or when `quote_empty` and it is empty (a lone empty field would read back
/// as a blank line).
void append_csv_field(std::string& out, std::string_view value, const CsvDialect& dialect,
                      bool quote_empty = false);

/// The header row for `names`, with its LF.
std::string csv_header(const std::vector<std::string>& names, const CsvDialect& dialect);

/// One row per record: a column's member as text (strings unescaped, numbers as written, true,
/// false, null as an empty field, objects and arrays as JSON); missing members are empty and
/// members outside the columns are not written. Rows end with LF.
class CsvWriter final : public RecordWriter {
 public:
  CsvWriter(CsvDialect dialect, std::shared_ptr<const CsvColumns> columns)
      : dialect_(dialect), columns_(std::move(columns)) {}
  void write(const Record& record, std::string& out) override;

 private:
  NodeId member_for_column(const Record& record, NodeId& cursor, std::size_t column) const;
  void append_value(const Record& record, NodeId id, std::string& out);

  CsvDialect dialect_;
  std::shared_ptr<const CsvColumns> columns_;
  std::string scratch_;
};

}  // namespace recproc::format
