// What happened to one record: kept, dropped on purpose, or rejected with a located reason.
// A bad record is data, not an exception: parsers, validators and transforms return these.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace recproc {

/// The closed set of reasons a record is rejected.
enum class ErrorKind : std::uint8_t { kParse, kCast, kMissing, kSchema, kTransform };

/// "parse", "cast", "missing", "schema", "transform".
std::string_view error_kind_name(ErrorKind kind);

enum class Verdict : std::uint8_t { kKeep, kDrop, kReject };

/// One problem with one record. `field` is a JSON Pointer into the record ("" for the whole
/// record); `rule` names the check that failed, for reports that group by rule (a schema keyword
/// location such as "#/properties/ProcessID/type", or a step spec such as "filter ...").
struct FieldError {
  ErrorKind kind = ErrorKind::kSchema;
  std::string field;
  std::string reason;
  std::string rule;
};

/// Result of running one step on one record. Keep and Drop allocate nothing.
struct Outcome {
  Verdict verdict = Verdict::kKeep;
  FieldError error;  ///< meaningful only for kReject

  static Outcome keep() { return {}; }
  static Outcome drop() { return {Verdict::kDrop, {}}; }
  static Outcome reject(ErrorKind kind, std::string field, std::string reason) {
    return {Verdict::kReject, {kind, std::move(field), std::move(reason), {}}};
  }
};

}  // namespace recproc
