// Log Analytics rows as records (issue 16): each typed row becomes a Record and goes through the
// same output writers as `recproc run` (format/), so `logs -o x.csv` and `run -o x.csv` write
// the same bytes for the same rows, and TSV and the CSV delimiter work for logs too.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "azure/logs_table.h"
#include "record/json_parser.h"
#include "recproc/format.h"
#include "recproc/record.h"

namespace recproc::cli {

class LogsRecordSink final : public azure::LogsRowSink {
 public:
  /// `emit` receives the encoded bytes in pieces of about 64 KiB; it may throw.
  using Emit = std::function<void(std::string_view)>;
  LogsRecordSink(std::shared_ptr<OutputFormat> format, Emit emit);

  /// Fixes the output columns (CSV, TSV) and writes the header, once.
  void columns(const std::vector<azure::LogsColumn>& columns) override;
  /// One object per row, keys in column order: null, strings, and the cells' JSON values.
  void row(std::span<const azure::LogsCell> cells) override;
  /// Hands what is still buffered to `emit`; call once after the last row.
  void finish();

 private:
  std::shared_ptr<OutputFormat> format_;
  Emit emit_;
  std::unique_ptr<RecordWriter> writer_;
  std::vector<std::string> names_;
  Record record_;
  JsonParser parser_;
  std::string buffer_;
  std::string error_;
};

}  // namespace recproc::cli
