// The shape of a Log Analytics query result as it streams out of the response parser: the
// columns once, then one row at a time, each cell already typed for output (issue 7).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recproc::azure {

/// Column types the query API reports
/// (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
enum class LogsColumnType {
  kBool,
  kDateTime,
  kDynamic,
  kGuid,
  kInt,
  kLong,
  kReal,
  kString,
  kTimeSpan,
  kDecimal,
  kOther
};

struct LogsColumn {
  std::string name;
  LogsColumnType type = LogsColumnType::kOther;
  std::string type_name;  ///< as the service spelled it ("datetime", "long", ...)
};

/// One typed value. Views stay valid only during the LogsRowSink::row call.
struct LogsCell {
  enum class Kind {
    kNull,    ///< no value: JSON null, empty CSV field
    kString,  ///< `text` is the unescaped string (datetime, guid, string, timespan, decimal)
    kJson     ///< `text` is compact JSON: a number, true/false, or an embedded object/array
  };
  Kind kind = Kind::kNull;
  std::string_view text;
};

/// Receives a result table; implemented by the output writers.
class LogsRowSink {
 public:
  virtual ~LogsRowSink() = default;
  /// Called once, before any row.
  virtual void columns(const std::vector<LogsColumn>& columns) = 0;
  /// One row, one cell per column, in column order.
  virtual void row(std::span<const LogsCell> cells) = 0;
};

}  // namespace recproc::azure
