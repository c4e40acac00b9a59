// Parses the body of a Log Analytics query response
// (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format) and streams the
// first table's rows, typed by their column types, into a LogsRowSink (issue 7).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "azure/logs_table.h"
#include "recproc/error.h"

namespace recproc::azure {

/// A result the service returned only in part (an `error` beside `tables`) when the caller did not
/// accept partial results: exit 1 like any DataError; cli adds how to keep the rows anyway.
class PartialResultError : public DataError {
 public:
  using DataError::DataError;
};

struct LogsResponseSummary {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::size_t ignored_tables = 0;  ///< tables after the first (only tables[0] is written)
  std::string partial_error;       ///< the service's message for a partial result, else empty
  /// The partial error says the result was cut at the size limits (500,000 rows, 64 MB): a
  /// smaller time window would return everything (issue 16).
  bool truncated = false;
  std::string statistics;  ///< the response's "statistics" object, minified JSON, else empty
};

/// Parses a 200 response body in place (it may grow `body`'s capacity for simdjson's padding).
/// Typing: datetime, guid, string, timespan and decimal stay strings; long and int become
/// integers; real a number (NaN and infinities, which JSON cannot hold, stay the strings the
/// service sends); bool true/false; dynamic, which the service sends as JSON text in a string,
/// embedded as parsed JSON (or kept as a string when it is not JSON).
/// A partial result (an `error` object beside `tables`) throws PartialResultError with the
/// service's message before any row reaches `sink`, unless `allow_partial`; then the rows are
/// written and the message is returned in `partial_error`.
/// Throws IoError when the body is not JSON of the documented shape and DataError when a value
/// does not match its column type, with the row and column. Messages start with `where`
/// ("Log Analytics workspace <id>").
LogsResponseSummary parse_logs_response(std::string& body, LogsRowSink& sink, bool allow_partial,
                                        std::string_view where);

/// The message of a OneAPI error body ({"error":{"code","message","details","innererror"}}):
/// "<code>: <message> <detail messages>..."; empty when the body is not such an object.
std::string logs_error_message(std::string_view body);

}  // namespace recproc::azure
