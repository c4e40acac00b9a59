// Helpers for the schema tests: compile an inline schema, parse an inline record with the real
// record parser, validate, and render the errors and the (possibly cast) record as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "record/json_parser.h"
#include "recproc/record.h"
#include "schema/schema.h"

namespace recproc::schema::testing {

struct Checked {
  bool valid = false;
  std::string errors;  ///< one "kind field: reason [rule]" line per error
  std::string record;  ///< the record after validation, as compact JSON
};

inline std::string render(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) {
    out += std::string(error_kind_name(e.kind)) + " " + e.field + ": " + e.reason + " [" + e.rule +
           "]\n";
  }
  return out;
}

/// Validates `record_json` against `schema_json`; collects up to `max_errors` errors.
inline Checked check(std::string_view schema_json, std::string_view record_json,
                     CompileOptions options = {}, std::size_t max_errors = 8) {
  const SchemaPtr schema = compile(schema_json, "schema.json", options);
  JsonParser parser;
  Record record;
  std::string error;
  const std::string text(record_json);
  if (!parser.parse(text, 0, record, error)) return {false, "parse error: " + error, ""};
  ValidationState state;
  state.max_errors = max_errors;
  Checked out;
  out.valid = schema->validate(record, state);
  out.errors = render(state.errors);
  record.write_json(out.record);
  return out;
}

/// The UsageError text of compiling `schema_json`, or "" when it compiles.
inline std::string compile_error(std::string_view schema_json, CompileOptions options = {}) {
  try {
    compile(schema_json, "schema.json", options);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace recproc::schema::testing
