// The built-in functions (docs/expressions.md "Functions"). Arguments arrive evaluated and
// non-null; coalesce() is lazy and lives in the evaluator.
#include <openssl/sha.h>
#include <re2/re2.h>

#include <charconv>
#include <cmath>

#include "recproc/error.h"
#include "transform/expr_eval.h"
#include "transform/expr_functions.h"
#include "transform/expr_time.h"

namespace recproc::transform::expr {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::int64_t count_code_points(std::string_view s) {
  std::int64_t n = 0;
  for (char c : s) n += !is_continuation(c);
  return n;
}

// Byte offset `count` code points after `from`, clamped to the end.
std::size_t advance_code_points(std::string_view s, std::size_t from, std::int64_t count) {
  std::size_t i = from;
  while (i < s.size() && count > 0) {
    ++i;
    while (i < s.size() && is_continuation(s[i])) ++i;
    --count;
  }
  return i;
}

// How a value appears in a reject reason: strings quoted and cut to 40 bytes.
std::string show(const Value& v) {
  char buf[40];
  switch (v.kind) {
    case ValueKind::kString: {
      std::string_view s = v.s;
      bool cut = s.size() > 40;
      if (cut) {
        std::size_t end = 40;
        while (end > 0 && is_continuation(s[end])) --end;
        s = s.substr(0, end);
      }
      std::string out = "\"";
      append_json_escaped(out, s);
      out += cut ? "...\"" : "\"";
      return out;
    }
    case ValueKind::kInt:
      return std::to_string(v.i);
    case ValueKind::kFloat:
      return std::string(buf, format_float(v.f, buf));
    case ValueKind::kBool:
      return v.b ? "true" : "false";
    case ValueKind::kTime:
      return std::string(buf, format_iso8601({v.i, v.nanos}, buf));
    default:
      return std::string(value_kind_name(v.kind));
  }
}

std::string expected(std::string_view what, const ExprNode& n, int arg, const Value& got) {
  std::string out = "expected ";
  out += what;
  if (n.kid_count > 1) out += " as argument " + std::to_string(arg);
  out += ", got ";
  out += value_kind_name(got.kind);
  return out;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  text = trim_ascii(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

bool Evaluator::call_builtin(const ExprNode& n, const Value* args, Value& out) {
  auto need_string = [&](int k) {
    if (args[k].kind == ValueKind::kString) return true;
    return type_error(n, expected("a string", n, k + 1, args[k]));
  };
  switch (n.func) {
    case Func::kLower:
      return fn_case(n, args[0], false, out);
    case Func::kUpper:
      return fn_case(n, args[0], true, out);
    case Func::kTrim:
      if (!need_string(0)) return false;
      out = Value::string(trim_ascii(args[0].s));
      return true;
    case Func::kLen:
      return fn_len(n, args[0], out);
    case Func::kContains:
      return fn_contains(n, args[0], args[1], out);
    case Func::kStartsWith:
      if (!need_string(0) || !need_string(1)) return false;
      out = Value::boolean(args[0].s.starts_with(args[1].s));
      return true;
    case Func::kEndsWith:
      if (!need_string(0) || !need_string(1)) return false;
      out = Value::boolean(args[0].s.ends_with(args[1].s));
      return true;
    case Func::kMatches: {
      if (!need_string(0)) return false;
      re2::StringPiece text(args[0].s.data(), args[0].s.size());
      out = Value::boolean(RE2::PartialMatch(text, *regexes_[n.aux]));
      return true;
    }
    case Func::kInt:
      return fn_int(n, args[0], out);
    case Func::kFloat:
      return fn_float(n, args[0], out);
    case Func::kStr:
      return fn_str(args[0], out);
    case Func::kSubstr:
      return fn_substr(n, args, out);
    case Func::kSplit:
      return fn_split(n, args[0], args[1], out);
    case Func::kJoin:
      return fn_join(n, args[0], args[1], out);
    case Func::kTs:
      return fn_ts(n, args[0], out);
    case Func::kYear:
    case Func::kMonth:
    case Func::kDay:
    case Func::kHour:
      return fn_date_part(n, args[0], out);
    case Func::kSha256:
      if (!need_string(0)) return false;
      return fn_sha256(args[0], out);
    case Func::kNone:
    case Func::kCoalesce:
      break;
  }
  RECPROC_ASSERT(false && "call_builtin: not a plain function");
}

// ASCII letters only: full Unicode case mapping needs tables we do not carry (documented).
bool Evaluator::fn_case(const ExprNode& n, const Value& s, bool upper, Value& out) {
  if (s.kind != ValueKind::kString) return type_error(n, expected("a string", n, 1, s));
  char from = upper ? 'a' : 'A';
  auto needs_change = [&](char c) { return c >= from && c <= from + 25; };
  std::size_t first = 0;
  while (first < s.s.size() && !needs_change(s.s[first])) ++first;
  if (first == s.s.size()) {
    out = Value::string(s.s);  // nothing to change: no copy
    return true;
  }
  char* p = scratch_.allocate(s.s.size());
  for (std::size_t k = 0; k < s.s.size(); ++k) {
    char c = s.s[k];
    p[k] = needs_change(c) ? static_cast<char>(c ^ 0x20) : c;
  }
  out = Value::string({p, s.s.size()});
  return true;
}

bool Evaluator::fn_len(const ExprNode& n, const Value& x, Value& out) {
  switch (x.kind) {
    case ValueKind::kString:
      out = Value::integer(count_code_points(x.s));
      return true;
    case ValueKind::kList:
      out = Value::integer(list_size(x));
      return true;
    case ValueKind::kObject:
      out = Value::integer(static_cast<std::int64_t>(record_->child_count(x.node)));
      return true;
    default:
      return type_error(
          n, "expected a string, list or object, got " + std::string(value_kind_name(x.kind)));
  }
}

bool Evaluator::fn_contains(const ExprNode& n, const Value& hay, const Value& needle, Value& out) {
  if (hay.kind == ValueKind::kList) {
    out = Value::boolean(list_contains(hay, needle));
    return true;
  }
  if (hay.kind != ValueKind::kString) {
    return type_error(n, expected("a string or a list", n, 1, hay));
  }
  if (needle.kind != ValueKind::kString) return type_error(n, expected("a string", n, 2, needle));
  out = Value::boolean(hay.s.find(needle.s) != std::string_view::npos);
  return true;
}

bool Evaluator::fn_int(const ExprNode& n, const Value& x, Value& out) {
  switch (x.kind) {
    case ValueKind::kInt:
      out = Value::integer(x.i);
      return true;
    case ValueKind::kBool:
      out = Value::integer(x.b ? 1 : 0);
      return true;
    case ValueKind::kTime:
      out = Value::integer(x.i);
      return true;
    case ValueKind::kFloat:
      // Truncates toward zero, as C and SQL casts do.
      if (x.f >= -9223372036854775808.0 && x.f < 9223372036854775808.0) {
        out = Value::integer(static_cast<std::int64_t>(x.f));
        return true;
      }
      return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to an integer");
    case ValueKind::kString: {
      std::int64_t v = 0;
      if (parse_number(x.s, v)) {
        out = Value::integer(v);
        return true;
      }
      return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to an integer");
    }
    default:
      return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to an integer");
  }
}

bool Evaluator::fn_float(const ExprNode& n, const Value& x, Value& out) {
  switch (x.kind) {
    case ValueKind::kInt:
      out = Value::floating(static_cast<double>(x.i));
      return true;
    case ValueKind::kFloat:
      out = Value::floating(x.f);
      return true;
    case ValueKind::kBool:
      out = Value::floating(x.b ? 1.0 : 0.0);
      return true;
    case ValueKind::kTime:
      out = Value::floating(static_cast<double>(x.i) + x.nanos / 1e9);
      return true;
    case ValueKind::kString: {
      double v = 0;
      if (parse_number(x.s, v) && std::isfinite(v)) {
        out = Value::floating(v);
        return true;
      }
      return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to a float");
    }
    default:
      return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to a float");
  }
}

bool Evaluator::fn_str(const Value& x, Value& out) {
  if (x.kind == ValueKind::kString) {
    out = Value::string(x.s);
    return true;
  }
  text_buf_.clear();
  if (!scalar_text(x, text_buf_)) append_json(text_buf_, x);
  out = Value::string(scratch_.copy(text_buf_));
  return true;
}

bool Evaluator::fn_substr(const ExprNode& n, const Value* args, Value& out) {
  if (args[0].kind != ValueKind::kString) return type_error(n, expected("a string", n, 1, args[0]));
  for (std::uint32_t k = 1; k < n.kid_count; ++k) {
    if (args[k].kind != ValueKind::kInt) {
      return type_error(n, expected("an integer", n, static_cast<int>(k + 1), args[k]));
    }
  }
  std::string_view s = args[0].s;
  std::int64_t start = args[1].i;
  if (start < 0) start = std::max<std::int64_t>(0, count_code_points(s) + start);
  std::size_t b = advance_code_points(s, 0, start);
  std::size_t e = s.size();
  if (n.kid_count == 3) e = args[2].i <= 0 ? b : advance_code_points(s, b, args[2].i);
  out = Value::string(s.substr(b, e - b));
  return true;
}

bool Evaluator::fn_split(const ExprNode& n, const Value& s, const Value& sep, Value& out) {
  if (s.kind != ValueKind::kString) return type_error(n, expected("a string", n, 1, s));
  if (sep.kind != ValueKind::kString) return type_error(n, expected("a string", n, 2, sep));
  if (sep.s.empty()) return type_error(n, "the separator is empty");
  auto begin = static_cast<std::uint32_t>(pool_.size());
  std::size_t from = 0;
  for (;;) {
    std::size_t at = s.s.find(sep.s, from);
    pool_.push_back(Value::string(s.s.substr(from, at - from)));
    if (at == std::string_view::npos) break;
    from = at + sep.s.size();
  }
  out = Value::pool_list(begin, static_cast<std::uint32_t>(pool_.size()) - begin);
  return true;
}

bool Evaluator::fn_join(const ExprNode& n, const Value& list, const Value& sep, Value& out) {
  if (list.kind != ValueKind::kList) return type_error(n, expected("a list", n, 1, list));
  if (sep.kind != ValueKind::kString) return type_error(n, expected("a string", n, 2, sep));
  text_buf_.clear();
  bool first = true;
  ValueKind bad = ValueKind::kNull;
  for_each_element(list, [&](const Value& e) {
    if (e.is_null()) return true;  // skipped, as SQL's concat_ws does
    if (!first) text_buf_ += sep.s;
    first = false;
    if (scalar_text(e, text_buf_)) return true;
    bad = e.kind;
    return false;
  });
  if (bad != ValueKind::kNull) {
    return type_error(n, "cannot join a list that holds a " + std::string(value_kind_name(bad)));
  }
  out = Value::string(scratch_.copy(text_buf_));
  return true;
}

bool Evaluator::fn_ts(const ExprNode& n, const Value& x, Value& out) {
  std::optional<Instant> t;
  switch (x.kind) {
    case ValueKind::kTime:
      out = Value::time(x.i, x.nanos);
      return true;
    case ValueKind::kString:
      t = parse_iso8601(x.s);
      if (!t)
        return fail(ErrorKind::kCast, n, "cannot read " + show(x) + " as an ISO-8601 timestamp");
      break;
    case ValueKind::kInt:
      t = instant_from_int(x.i);
      break;
    case ValueKind::kFloat:
      t = instant_from_seconds(x.f);
      break;
    default:
      break;
  }
  if (!t) return fail(ErrorKind::kCast, n, "cannot convert " + show(x) + " to a timestamp");
  out = Value::time(t->seconds, t->nanos);
  return true;
}

bool Evaluator::fn_date_part(const ExprNode& n, const Value& x, Value& out) {
  std::int64_t seconds = x.i;
  if (x.kind == ValueKind::kString) {
    std::optional<Instant> t = parse_iso8601(x.s);
    if (!t)
      return fail(ErrorKind::kCast, n, "cannot read " + show(x) + " as an ISO-8601 timestamp");
    seconds = t->seconds;
  } else if (x.kind != ValueKind::kTime) {
    return type_error(n, expected("a timestamp or a string", n, 1, x));
  }
  CivilTime c = to_civil(seconds);
  switch (n.func) {
    case Func::kYear:
      out = Value::integer(c.year);
      break;
    case Func::kMonth:
      out = Value::integer(c.month);
      break;
    case Func::kDay:
      out = Value::integer(c.day);
      break;
    default:
      out = Value::integer(c.hour);
      break;
  }
  return true;
}

bool Evaluator::fn_sha256(const Value& s, Value& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.s.data()), s.s.size(), digest);
  char* p = scratch_.allocate(2 * SHA256_DIGEST_LENGTH);
  for (int k = 0; k < SHA256_DIGEST_LENGTH; ++k) {
    p[2 * k] = kHex[digest[k] >> 4];
    p[2 * k + 1] = kHex[digest[k] & 15];
  }
  out = Value::string({p, 2 * SHA256_DIGEST_LENGTH});
  return true;
}

}  // namespace recproc::transform::expr
