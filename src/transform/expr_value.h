// The values an expression computes with (docs/expressions.md "Types").
//
// A Value is a small trivially copyable struct: strings are views (into the record, the compiled
// program's constants or the worker's scratch arena), lists are either a record array or a slice
// of the worker's list pool. So evaluating `SeverityLevel in ["err", "crit"]` copies no text.
#pragma once

#include <cstdint>
#include <string_view>

#include "recproc/record.h"

namespace recproc::transform::expr {

enum class ValueKind : std::uint8_t {
  kNull,
  kBool,
  kInt,     ///< 64-bit signed integer
  kFloat,   ///< IEEE double, always finite
  kString,  ///< unescaped UTF-8
  kTime,    ///< UTC instant: seconds since 1970 + nanoseconds
  kList,    ///< a record array (node set) or a computed list in the worker's pool
  kObject,  ///< a record object (node set); only read from fields
};

/// "null", "boolean", "integer", "float", "string", "timestamp", "list", "object".
std::string_view value_kind_name(ValueKind kind);

struct Value {
  ValueKind kind = ValueKind::kNull;
  bool b = false;
  std::uint32_t nanos = 0;       ///< kTime: 0..999'999'999
  std::int64_t i = 0;            ///< kInt; kTime: seconds since the epoch
  double f = 0;                  ///< kFloat
  std::string_view s;            ///< kString
  std::uint32_t list_begin = 0;  ///< kList without a node: first element in the pool
  std::uint32_t list_size = 0;   ///< kList without a node: element count
  /// The record node the value was read from (fields only; computed values have kNoNode).
  /// `set` copies such a value byte for byte, and str() of a number keeps its text.
  NodeId node = kNoNode;

  static Value null() { return {}; }
  static Value boolean(bool v) {
    Value r;
    r.kind = ValueKind::kBool;
    r.b = v;
    return r;
  }
  static Value integer(std::int64_t v) {
    Value r;
    r.kind = ValueKind::kInt;
    r.i = v;
    return r;
  }
  static Value floating(double v) {
    Value r;
    r.kind = ValueKind::kFloat;
    r.f = v;
    return r;
  }
  static Value string(std::string_view v) {
    Value r;
    r.kind = ValueKind::kString;
    r.s = v;
    return r;
  }
  static Value time(std::int64_t seconds, std::uint32_t nanos) {
    Value r;
    r.kind = ValueKind::kTime;
    r.i = seconds;
    r.nanos = nanos;
    return r;
  }
  static Value pool_list(std::uint32_t begin, std::uint32_t size) {
    Value r;
    r.kind = ValueKind::kList;
    r.list_begin = begin;
    r.list_size = size;
    return r;
  }

  bool is_null() const { return kind == ValueKind::kNull; }
  bool is_number() const { return kind == ValueKind::kInt || kind == ValueKind::kFloat; }
  double as_double() const { return kind == ValueKind::kInt ? static_cast<double>(i) : f; }
};

/// Three-way result of comparing two values; kIncomparable for mismatched types.
enum class Order : std::int8_t { kLess = -1, kEqual = 0, kGreater = 1, kIncomparable = 2 };

/// Orders two numbers exactly (an int and a float compare by value, without rounding the int).
Order compare_numbers(const Value& a, const Value& b);

/// Equality of two non-null scalars (numbers by value, strings bytewise, booleans, timestamps);
/// values of different types are never equal. Lists and objects are never equal to anything.
bool scalars_equal(const Value& a, const Value& b);

/// Orders numbers, strings (bytewise, which is code point order for UTF-8) and timestamps;
/// kIncomparable for anything else or for two different types.
Order compare_ordered(const Value& a, const Value& b);

/// Shortest text that reads back as the same double, with ".0" added to whole numbers so a float
/// stays a float ("2.0", "0.1", "1e+300"). Writes at most 32 bytes; returns the length.
std::size_t format_float(double v, char* out);

}  // namespace recproc::transform::expr
