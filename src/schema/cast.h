// --cast: converting a record value in place into a type the schema allows (issue 3).
//
//   string "42", " 42 ", "+042"     -> integer 42 (or number), when integer/number is allowed
//   string "1.5", "1e3", "-0.25"    -> number, when number is allowed ("1.0" also -> integer 1)
//   string "true" / "FALSE"         -> boolean (ASCII case-insensitive), when boolean is allowed
//   string ""                       -> null, when null is allowed
//   number 12.5                     -> string "12.5", when string is allowed
// A value that already matches one of the allowed types is never converted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "recproc/record.h"

namespace recproc::schema {

/// True when a value of `kind` that does not match `types` would be converted by cast_value
/// (so a failure is a cast error rather than a plain type error).
bool cast_applies(NodeKind kind, std::uint8_t types);

/// Converts node `v` of `record` to one of `types` (TypeBit mask). Returns false, leaving the
/// node untouched, when the value cannot be converted. `scratch` is a reused buffer.
bool cast_value(Record& record, NodeId v, std::uint8_t types, std::string& scratch);

/// Normalises a numeric string into a JSON number token in `out`: trims ASCII blanks, drops a
/// leading '+' and leading zeros. With `integer`, the value must be integral ("1.0" -> "1").
/// Returns false when `s` is not a decimal number.
bool normalize_number(std::string_view s, bool integer, std::string& out);

/// "integer", "integer or null", "string, integer or null": the types of a mask for messages.
std::string type_list(std::uint8_t types);

/// The types of `types` that a string can be cast to, for "cannot cast ... to X".
std::string cast_target_list(std::uint8_t types);

}  // namespace recproc::schema
