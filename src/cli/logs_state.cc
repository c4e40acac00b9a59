#include "cli/logs_state.h"

#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "recproc/record.h"
#include "azure/logs_timespan.h"
#include "io/output_file.h"
#include "recproc/error.h"

namespace recproc::cli {

std::optional<LogsState> read_logs_state(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot read the state file");
  std::stringstream text;
  text << in.rdbuf();
  auto bad = [&](const std::string& why) {
    return UsageError(path + ": not a recproc logs state file: " + why);
  };
  LogsState state;
  try {
    simdjson::padded_string padded(text.str());
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(padded);
    std::int64_t version = doc["version"].get_int64();
    if (version != 1) throw bad("version " + std::to_string(version) + " (expected 1)");
    state.source = std::string(std::string_view(doc["source"].get_string()));
    std::string_view end = doc["end"].get_string();
    auto seconds = azure::parse_utc_seconds(end);
    if (!seconds) throw bad("\"end\" is not an ISO-8601 time");
    state.end = *seconds;
  } catch (const simdjson::simdjson_error& e) {
    throw bad(e.what());
  }
  return state;
}

void write_logs_state(const std::string& path, const LogsState& state) {
  std::string text = "{\"version\":1,\"source\":";
  append_json_string(text, state.source);
  text += ",\"end\":\"" + azure::format_utc_seconds(state.end) + "\"}\n";
  io::OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace recproc::cli
