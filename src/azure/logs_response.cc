#include "azure/logs_response.h"

#include <simdjson.h>

#include <charconv>
#include <vector>

#include "recproc/error.h"

namespace recproc::azure {
namespace {

namespace od = simdjson::ondemand;

constexpr int kMaxErrorDepth = 8;

// simdjson reads up to SIMDJSON_PADDING bytes past the end; the body buffer usually has that
// much spare capacity already, so parsing it in place costs no copy.
void ensure_padding(std::string& body) {
  if (body.capacity() - body.size() < simdjson::SIMDJSON_PADDING) {
    body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// Kusto type names, plus the .NET names older API versions reported.
LogsColumnType column_type(std::string_view name) {
  struct Entry {
    const char* name;
    LogsColumnType type;
  };
  static constexpr Entry kTypes[] = {
      {"bool", LogsColumnType::kBool},         {"boolean", LogsColumnType::kBool},
      {"sbyte", LogsColumnType::kBool},        {"datetime", LogsColumnType::kDateTime},
      {"date", LogsColumnType::kDateTime},     {"dynamic", LogsColumnType::kDynamic},
      {"object", LogsColumnType::kDynamic},    {"guid", LogsColumnType::kGuid},
      {"uuid", LogsColumnType::kGuid},         {"int", LogsColumnType::kInt},
      {"int32", LogsColumnType::kInt},         {"long", LogsColumnType::kLong},
      {"int64", LogsColumnType::kLong},        {"real", LogsColumnType::kReal},
      {"double", LogsColumnType::kReal},       {"string", LogsColumnType::kString},
      {"timespan", LogsColumnType::kTimeSpan}, {"time", LogsColumnType::kTimeSpan},
      {"decimal", LogsColumnType::kDecimal},
  };
  for (const auto& e : kTypes) {
    if (iequals(name, e.name)) return e.type;
  }
  return LogsColumnType::kOther;
}

const char* json_type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "value";
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Depth-first: the object's own message, then its details' and inner errors' messages.
void collect_error(od::object object, std::string* code, std::vector<std::string>& messages,
                   std::vector<std::string>& codes, int depth) {
  for (auto field : object) {
    std::string_view key = field.unescaped_key();
    od::value value = field.value();
    od::json_type type = value.type();
    if (key == "code" && type == od::json_type::string) {
      std::string text(std::string_view(value.get_string()));
      if (code != nullptr) *code = text;
      codes.push_back(std::move(text));
    } else if (key == "message" && type == od::json_type::string) {
      std::string message(trim_right(std::string_view(value.get_string())));
      bool seen = false;
      for (const auto& m : messages) seen = seen || m == message;
      if (!seen && !message.empty()) messages.push_back(std::move(message));
    } else if (key == "details" && type == od::json_type::array && depth < kMaxErrorDepth) {
      for (auto detail : value.get_array()) {
        od::object inner;
        if (detail.get_object().get(inner) == simdjson::SUCCESS) {
          collect_error(inner, nullptr, messages, codes, depth + 1);
        }
      }
    } else if (key == "innererror" && type == od::json_type::object && depth < kMaxErrorDepth) {
      collect_error(value.get_object(), nullptr, messages, codes, depth + 1);
    }
  }
}

// True when a partial error says the result was cut at the service's size limits (500,000 rows or
// 64 MB): Kusto's E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003, which the query API reports as the
// inner error code -2133196797 (https://learn.microsoft.com/azure/azure-monitor/service-limits).
bool says_too_large(const std::vector<std::string>& codes,
                    const std::vector<std::string>& messages) {
  for (const auto& c : codes) {
    if (c == "-2133196797" || c == "E_QUERY_RESULT_SET_TOO_LARGE") return true;
  }
  for (const auto& m : messages) {
    if (m.find("E_QUERY_RESULT_SET_TOO_LARGE") != std::string::npos ||
        m.find("0x80DA0003") != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string error_text(od::object object, bool* too_large = nullptr) {
  std::string code;
  std::vector<std::string> messages;
  std::vector<std::string> codes;
  collect_error(object, &code, messages, codes, 0);
  if (too_large != nullptr) *too_large = says_too_large(codes, messages);
  std::string out = code;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (!out.empty()) out += i == 0 ? ": " : " ";
    out += messages[i];
    // "properties" then "A recognition error..." read as one sentence without a stop.
    char last = messages[i].back();
    if (i + 1 < messages.size() && last != '.' && last != '!' && last != '?') out += '.';
  }
  return out;
}

// Reads tables[0]: the columns, then each row converted cell by cell into the sink.
class TableReader {
 public:
  TableReader(LogsRowSink& sink, std::string_view where) : sink_(sink), where_(where) {}

  void read(od::object table, LogsResponseSummary& summary) {
    for (auto field : table) {
      std::string_view key = field.unescaped_key();
      if (key == "columns") {
        // A repeated key would append to the columns and announce them twice (found by
        // tests/fuzz/logs_response_fuzz.cc, issue 18).
        if (have_columns_) throw IoError(where_ + ": \"columns\" given twice in a table");
        read_columns(field.value().get_array());
      } else if (key == "rows") {
        if (!have_columns_) throw IoError(where_ + ": \"rows\" before \"columns\"");
        read_rows(field.value().get_array(), summary);
      }
    }
    if (!have_columns_) throw IoError(where_ + ": table without \"columns\"");
    summary.columns = columns_.size();
  }

 private:
  void read_columns(od::array array) {
    for (auto element : array) {
      LogsColumn column;
      for (auto field : element.get_object()) {
        std::string_view key = field.unescaped_key();
        if (key == "name") column.name = std::string(std::string_view(field.value().get_string()));
        if (key == "type") {
          column.type_name = std::string(std::string_view(field.value().get_string()));
        }
      }
      column.type = column_type(column.type_name);
      columns_.push_back(std::move(column));
    }
    have_columns_ = true;
    cells_.resize(columns_.size());
    scratch_.resize(columns_.size());
    sink_.columns(columns_);
  }

  // Hot: runs once per result row.
  void read_rows(od::array rows, LogsResponseSummary& summary) {
    std::size_t row_number = 0;
    for (auto row : rows) {
      ++row_number;
      std::size_t i = 0;
      for (auto value : row.get_array()) {
        if (i == columns_.size()) throw row_width_error(row_number);
        cells_[i] = convert(value.value(), i, row_number);
        ++i;
      }
      if (i != columns_.size()) throw row_width_error(row_number);
      sink_.row(cells_);
      ++summary.rows;
    }
  }

  DataError row_width_error(std::size_t row) const {
    return DataError(where_ + ": row " + std::to_string(row) + ": expected " +
                     std::to_string(columns_.size()) + " values, one per column");
  }

  static LogsCell json(std::string_view text) { return {LogsCell::Kind::kJson, text}; }
  static LogsCell str(std::string_view text) { return {LogsCell::Kind::kString, text}; }

  LogsCell convert(od::value value, std::size_t i, std::size_t row) {
    const LogsColumn& column = columns_[i];
    std::string& scratch = scratch_[i];
    od::json_type type = value.type();
    if (type == od::json_type::null) return {};
    const char* expected = "a string";
    switch (column.type) {
      case LogsColumnType::kBool:
        expected = "true or false";
        if (type == od::json_type::boolean) return json(value.get_bool() ? "true" : "false");
        if (type == od::json_type::number) {
          std::int64_t n = 0;
          if (value.get_int64().get(n) == simdjson::SUCCESS && (n == 0 || n == 1)) {
            return json(n == 1 ? "true" : "false");
          }
        }
        break;
      case LogsColumnType::kInt:
      case LogsColumnType::kLong:
        expected = "an integer";
        if (type == od::json_type::number) {
          std::int64_t n = 0;
          if (value.get_int64().get(n) == simdjson::SUCCESS) {
            char digits[24];
            auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
            scratch.assign(digits, end);
            return json(scratch);
          }
        }
        break;
      case LogsColumnType::kReal:
        expected = "a number";
        if (type == od::json_type::number) {
          // The service's own digits are kept: reprinting a double could change them.
          std::string_view raw = trim_right(value.raw_json_token());
          double d = 0;
          if (value.get_double().get(d) == simdjson::SUCCESS) return json(raw);
        } else if (type == od::json_type::string) {
          std::string_view s = value.get_string();
          if (s == "NaN" || s == "Infinity" || s == "-Infinity") return str(s);
        }
        break;
      case LogsColumnType::kDynamic:
        return dynamic(value, type, scratch, row, column);
      case LogsColumnType::kOther:
        if (type == od::json_type::string) return str(value.get_string());
        return dynamic(value, type, scratch, row, column);
      default:
        if (type == od::json_type::string) return str(value.get_string());
        // A number or boolean in a string-typed column keeps its text, as a string.
        if (type == od::json_type::number || type == od::json_type::boolean) {
          return str(trim_right(value.raw_json_token()));
        }
        break;
    }
    throw DataError(where_ + ": row " + std::to_string(row) + ", column \"" + column.name + "\" (" +
                    column.type_name + "): expected " + expected + ", got " + json_type_name(type));
  }

  // The service sends dynamic values as JSON text inside a string: embed it parsed, so that
  // {"Props":{"a":1}} comes out rather than {"Props":"{\"a\":1}"}.
  LogsCell dynamic(od::value value, od::json_type type, std::string& scratch, std::size_t row,
                   const LogsColumn& column) {
    std::string_view text;
    if (type == od::json_type::string) {
      text = value.get_string();
      if (text.empty()) return {};
    } else if (type == od::json_type::object) {
      text = value.get_object().value().raw_json();
    } else if (type == od::json_type::array) {
      text = value.get_array().value().raw_json();
    } else {
      return json(trim_right(value.raw_json_token()));
    }
    simdjson::dom::element element;
    if (dom_.parse(text.data(), text.size(), true).get(element) != simdjson::SUCCESS) {
      if (type == od::json_type::string) return str(text);
      throw DataError(where_ + ": row " + std::to_string(row) + ", column \"" + column.name +
                      "\": invalid JSON");
    }
    // Whitespace is removed but numbers keep the service's digits.
    scratch.resize(text.size());
    std::size_t length = 0;
    if (simdjson::minify(text.data(), text.size(), scratch.data(), length) != simdjson::SUCCESS) {
      return str(text);
    }
    scratch.resize(length);
    return json(scratch);
  }

  LogsRowSink& sink_;
  std::string where_;
  std::vector<LogsColumn> columns_;
  std::vector<LogsCell> cells_;
  std::vector<std::string> scratch_;  ///< per column: text of converted numbers and dynamics
  simdjson::dom::parser dom_;         ///< validates dynamic values
  bool have_columns_ = false;
};

}  // namespace

LogsResponseSummary parse_logs_response(std::string& body, LogsRowSink& sink, bool allow_partial,
                                        std::string_view where) {
  const std::string prefix(where);
  ensure_padding(body);
  LogsResponseSummary summary;
  od::parser parser;
  try {
    od::document doc =
        parser.iterate(simdjson::padded_string_view(body.data(), body.size(), body.capacity()));
    // Pass 1 walks every top-level field to the end: a truncated body fails here, and a partial
    // error (which may follow "tables") is known, before any row reaches the sink.
    bool has_tables = false;
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      if (key == "tables") {
        has_tables = true;
      } else if (key == "error") {
        od::object error;
        if (field.value().get_object().get(error) == simdjson::SUCCESS) {
          summary.partial_error = error_text(error, &summary.truncated);
          if (summary.partial_error.empty()) summary.partial_error = "unspecified error";
        }
      } else if (key == "statistics") {
        od::object statistics;
        if (field.value().get_object().get(statistics) == simdjson::SUCCESS) {
          std::string_view raw = statistics.raw_json();
          summary.statistics.resize(raw.size());
          std::size_t length = 0;
          if (simdjson::minify(raw.data(), raw.size(), summary.statistics.data(), length) !=
              simdjson::SUCCESS) {
            throw IoError(prefix + ": malformed \"statistics\"");
          }
          summary.statistics.resize(length);
        }
      }
    }
    if (!has_tables) throw IoError(prefix + ": no \"tables\" in the response");
    if (!summary.partial_error.empty() && !allow_partial) {
      throw PartialResultError(prefix + ": partial result: " + summary.partial_error);
    }
    doc.rewind();
    TableReader reader(sink, where);
    for (auto field : doc.get_object()) {
      if (std::string_view(field.unescaped_key()) != "tables") continue;
      std::size_t index = 0;
      for (auto table : field.value().get_array()) {
        if (index++ == 0) {
          reader.read(table.get_object(), summary);
        } else {
          ++summary.ignored_tables;
        }
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    throw IoError(prefix + ": malformed response: " + e.what());
  }
  return summary;
}

std::string logs_error_message(std::string_view body) {
  try {
    simdjson::padded_string padded(body);
    od::parser parser;
    od::document doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      if (std::string_view(field.unescaped_key()) != "error") continue;
      od::object error;
      if (field.value().get_object().get(error) == simdjson::SUCCESS) return error_text(error);
    }
  } catch (const simdjson::simdjson_error&) {
  }
  return "";
}

}  // namespace recproc::azure
