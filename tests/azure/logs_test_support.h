// Shared by the Log Analytics tests (issue 7).
#pragma once

#include <simdjson.h>

#include <span>
#include <string>
#include <vector>

#include "recproc/record.h"
#include "azure/logs_table.h"

namespace recproc::azure::testing {

/// The message of the E that `f` throws, or "<no error>"; other exceptions propagate.
template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "<no error>";
}

/// Shows the typed rows a parser yields as one JSON object per row (strings quoted, JSON cells
/// as they are, null), so that tests can compare typing exactly; the product writes rows through
/// the format writers instead (cli/logs_record_sink.h).
class CellText final : public LogsRowSink {
 public:
  void columns(const std::vector<LogsColumn>& columns) override {
    names.clear();
    for (const auto& c : columns) names.push_back(c.name);
  }
  void row(std::span<const LogsCell> cells) override {
    text += '{';
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) text += ',';
      append_json_string(text, names[i]);
      text += ':';
      if (cells[i].kind == LogsCell::Kind::kNull) {
        text += "null";
      } else if (cells[i].kind == LogsCell::Kind::kString) {
        append_json_string(text, cells[i].text);
      } else {
        text += cells[i].text;
      }
    }
    text += "}\n";
  }
  std::vector<std::string> names;
  std::string text;
};

/// One field of a recorded request (a JSON line): the string, or the JSON text of any other
/// value; "<missing>" when absent.
inline std::string field(const std::string& line, const char* key) {
  simdjson::padded_string padded(line);
  simdjson::ondemand::parser parser;
  auto doc = parser.iterate(padded);
  simdjson::ondemand::value v;
  if (doc[key].get(v) != simdjson::SUCCESS) return "<missing>";
  if (v.type() == simdjson::ondemand::json_type::string) {
    return std::string(std::string_view(v.get_string()));
  }
  std::string text(std::string_view(simdjson::to_json_string(v)));
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

/// The recorded requests of one kind ("token", "query", "activity").
inline std::vector<std::string> of_kind(const std::vector<std::string>& lines, const char* kind) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (field(l, "kind") == kind) out.push_back(l);
  }
  return out;
}

}  // namespace recproc::azure::testing
