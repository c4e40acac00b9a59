// Fuzz target for the schema compiler: any text either compiles or throws UsageError; a compiled
// schema validates a few fixed records without crashing. Also builds as a plain executable that
// replays tests/data/fuzz-regressions/schema/ (ctest), unless RECPROC_LIBFUZZER is defined.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "schema/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  recproc::schema::SchemaPtr schema;
  try {
    recproc::schema::CompileOptions options;
    options.cast = size % 2 == 0;
    schema = recproc::schema::compile(text, "fuzz.json", options);
  } catch (const recproc::UsageError&) {
    return 0;
  }
  static const char* kRecords[] = {R"({"a":1,"b":"x","c":[1,2,{"d":null}]})", "[]", "\"s\"", "12.5",
                                   R"({"a":"12","b":"","c":"true"})"};
  recproc::JsonParser parser;
  recproc::Record record;
  recproc::schema::ValidationState state;
  state.max_errors = 8;
  std::string error;
  for (const char* r : kRecords) {
    if (!parser.parse(r, 0, record, error)) continue;
    schema->validate(record, state);
  }
  return 0;
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "schema", LLVMFuzzerTestOneInput);
}
#endif
