// Fuzz target for the NDJSON path: the input is cut into chunks at points taken from its first
// bytes, each chunk parsed by the NDJSON reader as the engine does, and every accepted record is
// written back and must parse again to the same bytes. Also builds as a plain executable that
// replays tests/data/fuzz-regressions/ndjson/ (ctest), unless RECPROC_LIBFUZZER is defined.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "format/ndjson_format.h"
#include "record/json_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::size_t chunk = 1 + data[0];
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto format = recproc::format::make_ndjson_input_format();
  auto boundary = format->make_boundary();
  auto reader = format->make_reader();
  recproc::InputInfo info;
  recproc::Record record, again;
  recproc::JsonParser parser;
  std::string pending, out, error;
  std::size_t pos = 0;
  while (pos < input.size() || !pending.empty()) {
    std::size_t take = std::min(chunk, input.size() - pos);
    pending.append(input, pos, take);
    pos += take;
    bool eof = pos >= input.size();
    std::size_t cut = boundary->last_cut(pending, eof);
    if (cut == 0 && !eof) continue;
    std::string buf = pending.substr(0, cut);
    pending.erase(0, cut);
    buf.append(64, '\0');
    reader->begin_chunk({std::string_view(buf.data(), cut), 64, &info});
    recproc::RawRecord raw;
    recproc::FieldError err;
    while (true) {
      auto status = reader->next(record, raw, err);
      if (status == recproc::ReadStatus::kEnd) break;
      if (status != recproc::ReadStatus::kRecord) continue;
      out.clear();
      record.write_json(out);
      std::string twice;
      if (!parser.parse(out, 0, again, error)) std::abort();  // our output must be valid JSON
      again.write_json(twice);
      if (twice != out) std::abort();
    }
    if (eof && pending.empty()) break;
  }
  return 0;
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "ndjson", LLVMFuzzerTestOneInput);
}
#endif
