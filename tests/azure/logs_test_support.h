// Shared by the Log Analytics tests (issue 7).
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

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
