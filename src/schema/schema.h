// JSON Schema (draft 2020-12 subset) validation and casting of records.
//
// A schema is compiled once at start into a read-only tree of checks with precomputed keyword
// locations, shared by all workers; each worker keeps its own ValidationState (scratch buffers,
// error list), so validating a valid record allocates nothing once the worker has warmed up.
//
//   schema::SchemaPtr s = schema::compile(text, "schema.json", {.cast = true});
//   TransformPtr step = schema::make_schema_transform(s);     // first step of the chain
//   ...
//   schema::ValidationState state;                            // per worker
//   if (!s->validate(record, state)) report(state.errors);    // all errors, up to max_errors
//
// Supported keywords, cast rules and format behaviour: docs/schema.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/outcome.h"
#include "recproc/record.h"
#include "recproc/transform.h"

namespace recproc::schema {

struct CompileOptions {
  /// --cast: convert values that `type` allows (numeric string -> number, "true" -> true,
  /// "" -> null, number -> string) in place in the record instead of rejecting them.
  bool cast = false;
  /// `format` fails validation (recproc's default). False gives the 2020-12 annotation-only
  /// behaviour, where any format, known or not, accepts every value.
  bool format_assert = true;
};

struct PathSegment {
  NodeId member = kNoNode;  ///< object member node (its key names the segment), or kNoNode
  std::size_t index = 0;    ///< array index when `member` is kNoNode
};

/// Per-worker state for CompiledSchema::validate. Reuse it across records.
struct ValidationState {
  /// Errors of the last record, in schema order. Cleared by validate().
  std::vector<FieldError> errors;
  /// Stop collecting after this many errors (validation stops too). At least 1.
  std::size_t max_errors = 1;

  // Scratch, kept to avoid allocating per record.
  std::string scratch_a;
  std::string scratch_b;
  std::vector<PathSegment> path;
};

struct SchemaNode;

class CompiledSchema {
 public:
  CompiledSchema();
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  /// Validates `record` (and, when compiled with cast, converts its values in place).
  /// Returns true when valid; otherwise `state.errors` holds between 1 and max_errors errors.
  /// Thread-safe: any number of workers may call it at once with their own state.
  bool validate(Record& record, ValidationState& state) const;

  /// Every check the schema makes, as the `rule` its errors carry ("#/properties/a/type",
  /// "#/required"), in schema order: one JUnit test case each.
  std::vector<std::string> rules() const;

  /// The top-level fields of an object record that validation reads (those named by the root's
  /// `properties` and `required`), or nullopt when it may read any of them (additionalProperties,
  /// an applicator or enum on the root, ...).
  std::optional<std::vector<std::string>> top_level_fields_read() const;

  const CompileOptions& options() const { return options_; }
  /// The schema file name as given, for messages.
  const std::string& source() const { return source_; }

 private:
  friend class Compiler;
  friend class Evaluator;
  std::vector<SchemaNode> nodes_;
  Record values_;  ///< enum and const values, compared with records by JSON equality
  CompileOptions options_;
  std::string source_;
};

using SchemaPtr = std::shared_ptr<const CompiledSchema>;

/// Parses and compiles a schema. Throws UsageError naming `source_name` and the location:
///   schema.json:3:9: expected ',' or '}' after an object member
///   schema.json: unsupported keyword "if" at #/properties/a
SchemaPtr compile(std::string_view json_text, std::string_view source_name,
                  const CompileOptions& options = {});

/// The validation step of the transform chain: keeps valid records and rejects the others with
/// their first error (Outcome::error). `spec` is shown in traces ("--schema schema.json").
TransformPtr make_schema_transform(SchemaPtr schema, std::string spec);

}  // namespace recproc::schema
