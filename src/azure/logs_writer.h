// Writes a Log Analytics result table as NDJSON (one object per row, keys in column order) or
// CSV (a header row, then RFC 4180 fields). Rows are encoded straight from the typed cells the
// response parser yields, so the result is never built as a second in-memory tree (issue 7).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "azure/json_text.h"
#include "azure/logs_table.h"

namespace recproc::azure {

enum class LogsOutputFormat { kNdjson, kCsv };

class LogsTextWriter final : public LogsRowSink {
 public:
  /// `emit` receives the encoded text in pieces of about 64 KiB; it may throw.
  using Emit = std::function<void(std::string_view)>;
  LogsTextWriter(LogsOutputFormat format, Emit emit);

  void columns(const std::vector<LogsColumn>& columns) override;
  void row(std::span<const LogsCell> cells) override;
  /// Hands what is still buffered to `emit`; call once after the last row.
  void finish();

  std::size_t rows_written() const { return rows_; }

 private:
  void flush_if_full();

  LogsOutputFormat format_;
  Emit emit_;
  std::vector<std::string> keys_;  ///< NDJSON: each column name, JSON-quoted, with the colon
  std::string buffer_;
  std::size_t rows_ = 0;
};

/// Appends `value` as one CSV field, quoted when it holds a comma, quote, CR or LF or starts or
/// ends with a space (RFC 4180: quotes inside are doubled).
void append_csv_field(std::string& out, std::string_view value);

}  // namespace recproc::azure
