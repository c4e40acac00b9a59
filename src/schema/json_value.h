// A small JSON document tree for schema files (and the conformance test files).
//
// Schemas are read once at start, so this favours exact error locations over speed: every value
// remembers its line and column, and a parse error names `source:line:column`. Records never go
// through this type; they are recproc::Record trees built by the readers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "recproc/record.h"

namespace recproc::schema {

class Json {
 public:
  enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  // Out of line: the special members need Json complete inside `members`' pair, which clang
  // with libstdc++ 12 checks where they are declared (the fuzz build, issue 18).
  Json();
  Json(const Json&);
  Json(Json&&) noexcept;
  Json& operator=(const Json&);
  Json& operator=(Json&&) noexcept;
  ~Json();

  Type type = Type::kNull;
  bool bool_value = false;
  /// kString: the decoded UTF-8 contents. kNumber: the number token as written ("1.50e3").
  std::string text;
  std::vector<Json> items;                            ///< kArray
  std::vector<std::pair<std::string, Json>> members;  ///< kObject, in document order
  std::uint32_t line = 0;  ///< 1-based position of the value's first byte
  std::uint32_t column = 0;

  bool is_object() const { return type == Type::kObject; }
  bool is_array() const { return type == Type::kArray; }
  bool is_string() const { return type == Type::kString; }
  bool is_number() const { return type == Type::kNumber; }
  bool is_bool() const { return type == Type::kBool; }
  /// Member `key` of an object, or nullptr.
  const Json* find(std::string_view key) const;
  /// "null", "boolean", "number", "string", "array", "object".
  std::string_view type_name() const;
};

struct JsonParseOptions {
  bool reject_duplicate_keys = false;  ///< schema files: a repeated key is an error
  std::uint32_t max_depth = 256;
};

/// Parses one JSON text. Throws UsageError "source:line:column: reason" when malformed.
Json parse_json(std::string_view text, std::string_view source,
                const JsonParseOptions& options = {});

/// Appends `v` to `record` as a new subtree and returns its node (used for enum/const values
/// and by tests to turn JSON test data into records).
NodeId json_to_record(const Json& v, Record& record);

/// Appends `v` as compact JSON text.
void write_json(const Json& v, std::string& out);

/// Appends `v` indented by two spaces per level; arrays of scalars stay on one line.
void write_json_pretty(const Json& v, std::string& out, int indent = 0);

}  // namespace recproc::schema
