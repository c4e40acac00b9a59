// Infers a JSON Schema from sample records: `recproc infer-schema` and the column types of
// `recproc preview` (issue 3). The result is a starting contract that `--schema` accepts: the
// sampled records validate against it (CSV samples with --cast, since CSV fields are text).
//
//   SchemaInference inf({.values_are_text = is_csv});
//   for (each sampled record) inf.add(record);
//   std::string schema_json = inf.schema_json();
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/record.h"

namespace recproc::schema {

struct InferenceOptions {
  /// CSV: every field is a string, so types come from the text ("42" -> integer, "" -> null,
  /// "true" -> boolean), following the --cast rules. Text with leading zeros ("007") stays a
  /// string, since casting it would lose the zeros.
  bool values_are_text = false;
  /// A string field becomes an enum when it has at most this many distinct values...
  std::size_t max_enum_values = 10;
  /// ...and each value was seen at least this many times on average.
  std::size_t min_enum_repeats = 2;
};

/// What was seen at one place in the records.
struct Shape;

class SchemaInference {
 public:
  explicit SchemaInference(InferenceOptions options = {});
  ~SchemaInference();

  /// Adds one record (its root value).
  void add(const Record& record);
  std::uint64_t records() const { return records_; }

  /// The inferred schema as indented JSON text, ending in a newline.
  std::string schema_json() const;

  /// Top-level fields in first-seen order, with a short type label for each ("integer",
  /// "string|null", "string (date-time)"). Empty when the records are not objects.
  std::vector<std::pair<std::string, std::string>> column_types() const;

 private:
  InferenceOptions options_;
  std::unique_ptr<Shape> root_;
  std::uint64_t records_ = 0;
  std::string scratch_;
};

}  // namespace recproc::schema
