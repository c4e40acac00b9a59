#include "transform/expr_value.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "recproc/error.h"

namespace recproc::transform::expr {

std::string_view value_kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "boolean";
    case ValueKind::kInt:
      return "integer";
    case ValueKind::kFloat:
      return "float";
    case ValueKind::kString:
      return "string";
    case ValueKind::kTime:
      return "timestamp";
    case ValueKind::kList:
      return "list";
    case ValueKind::kObject:
      return "object";
  }
  return "unknown";
}

namespace {

template <typename T>
Order order_of(T a, T b) {
  if (a < b) return Order::kLess;
  if (b < a) return Order::kGreater;
  return Order::kEqual;
}

// An int64 against a double without converting the int to double, which would round ints past
// 2^53 and make 9007199254740993 == 9007199254740992.0 true.
Order compare_int_float(std::int64_t i, double f) {
  if (std::isnan(f)) return Order::kIncomparable;
  if (f >= 9223372036854775808.0) return Order::kLess;
  if (f < -9223372036854775808.0) return Order::kGreater;
  double whole = std::trunc(f);
  auto fi = static_cast<std::int64_t>(whole);
  if (i != fi) return order_of(i, fi);
  return order_of(0.0, f - whole);
}

Order flip(Order o) {
  if (o == Order::kLess) return Order::kGreater;
  if (o == Order::kGreater) return Order::kLess;
  return o;
}

}  // namespace

Order compare_numbers(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) return order_of(a.i, b.i);
  if (a.kind == ValueKind::kFloat && b.kind == ValueKind::kFloat) return order_of(a.f, b.f);
  if (a.kind == ValueKind::kInt) return compare_int_float(a.i, b.f);
  return flip(compare_int_float(b.i, a.f));
}

bool scalars_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == Order::kEqual;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::kBool:
      return a.b == b.b;
    case ValueKind::kString:
      return a.s == b.s;
    case ValueKind::kTime:
      return a.i == b.i && a.nanos == b.nanos;
    default:
      return false;
  }
}

Order compare_ordered(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b);
  if (a.kind != b.kind) return Order::kIncomparable;
  if (a.kind == ValueKind::kString) {
    int c = a.s.compare(b.s);
    return c < 0 ? Order::kLess : (c > 0 ? Order::kGreater : Order::kEqual);
  }
  if (a.kind == ValueKind::kTime) {
    if (a.i != b.i) return order_of(a.i, b.i);
    return order_of(a.nanos, b.nanos);
  }
  return Order::kIncomparable;
}

std::size_t format_float(double v, char* out) {
  auto [end, ec] = std::to_chars(out, out + 28, v);
  RECPROC_ASSERT(ec == std::errc());
  std::size_t n = static_cast<std::size_t>(end - out);
  if (std::memchr(out, '.', n) == nullptr && std::memchr(out, 'e', n) == nullptr &&
      std::memchr(out, 'n', n) == nullptr) {
    out[n++] = '.';
    out[n++] = '0';
  }
  return n;
}

}  // namespace recproc::transform::expr
