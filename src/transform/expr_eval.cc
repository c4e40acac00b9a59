#include "transform/expr_eval.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "recproc/error.h"
#include "transform/expr_functions.h"
#include "transform/expr_time.h"

namespace recproc::transform::expr {

namespace {

std::string_view op_symbol(Op op) {
  switch (op) {
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kMod:
      return "%";
    default:
      return "?";
  }
}

bool is_bool_or_null(const Value& v) {
  return v.kind == ValueKind::kBool || v.kind == ValueKind::kNull;
}

// Sets a boolean result field by field; see value_of_node.
void set_bool(Value& out, bool v) {
  out.kind = ValueKind::kBool;
  out.b = v;
  out.node = kNoNode;
}

bool in_set(const ConstSet& set, const Value& x) {
  switch (x.kind) {
    case ValueKind::kString:
      if (set.strings.size() <= 8) {
        for (std::string_view s : set.strings) {
          if (same_text(s, x.s)) return true;
        }
        return false;
      }
      return std::binary_search(set.strings.begin(), set.strings.end(), x.s);
    case ValueKind::kInt:
      return std::binary_search(set.ints.begin(), set.ints.end(), x.i) ||
             std::any_of(set.floats.begin(), set.floats.end(),
                         [&](double f) { return scalars_equal(x, Value::floating(f)); });
    case ValueKind::kFloat:
      return std::binary_search(set.floats.begin(), set.floats.end(), x.f) ||
             std::any_of(set.ints.begin(), set.ints.end(),
                         [&](std::int64_t i) { return scalars_equal(x, Value::integer(i)); });
    case ValueKind::kBool:
      return x.b ? set.has_true : set.has_false;
    default:
      return false;
  }
}

}  // namespace

Evaluator::Evaluator(const Program& program) : program_(program) {
  // Each worker compiles its own copy: RE2 objects are thread-safe but share a DFA cache
  // behind a lock, which two busy workers would contend on.
  RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& pattern : program.patterns) {
    regexes_.push_back(std::make_unique<RE2>(pattern, options));
    RECPROC_ASSERT(regexes_.back()->ok());  // the parser validated it
  }
}

Evaluator::~Evaluator() = default;

bool Evaluator::run_node(const Record& record, std::uint32_t node, Value& out) {
  record_ = &record;
  scratch_.reset();
  pool_.clear();
  return eval(node, out);
}

std::string Evaluator::reason() const {
  const ExprNode& n = program_.nodes[error_.node];
  std::string_view text = program_.text_of(n);
  std::string out;
  if (text.size() > 60) {
    out.append(text.substr(0, 57));
    out += "...";
  } else {
    out.append(text);
  }
  out += ": ";
  out += error_.message;
  return out;
}

bool Evaluator::fail(ErrorKind kind, const ExprNode& n, std::string message, int culprit) {
  error_.kind = kind;
  error_.message = std::move(message);
  error_.node = static_cast<std::uint32_t>(&n - program_.nodes.data());
  error_.field.clear();
  // Name the field the failing operation read directly, so reports can group by field.
  if (culprit >= 0) {
    const ExprNode& kid = program_.nodes[program_.kid(n, static_cast<std::uint32_t>(culprit))];
    if (kid.op == Op::kField) {
      error_.field = program_.fields[kid.aux].pointer;
      return false;
    }
  }
  for (std::uint32_t k = 0; k < n.kid_count; ++k) {
    const ExprNode& kid = program_.nodes[program_.kid(n, k)];
    if (kid.op == Op::kField) {
      error_.field = program_.fields[kid.aux].pointer;
      break;
    }
  }
  return false;
}

// Writes the fields `v.kind` needs in place: building a whole Value and copying it here cost
// more than the field lookup itself (store-forwarding stalls, seen with perf on the W1 filter).
void Evaluator::value_of_node(NodeId id, Value& v) {
  const Node& nd = record_->node(id);
  v.node = id;
  switch (nd.kind) {
    case NodeKind::kNull:
      v.kind = ValueKind::kNull;
      return;
    case NodeKind::kBool:
      v.kind = ValueKind::kBool;
      v.b = nd.bool_value;
      return;
    case NodeKind::kNumber:
      if (auto i = record_->int_value(id)) {
        v.kind = ValueKind::kInt;
        v.i = *i;
      } else if (auto d = record_->double_value(id); d && std::isfinite(*d)) {
        v.kind = ValueKind::kFloat;
        v.f = *d;
      } else {
        v.kind = ValueKind::kNull;
      }
      return;
    case NodeKind::kString:
      v.kind = ValueKind::kString;
      if (!nd.has_escapes) {
        v.s = nd.text;
      } else {
        decode_json_string(nd.text, decode_buf_);
        v.s = scratch_.copy(decode_buf_);
      }
      return;
    case NodeKind::kObject:
      v.kind = ValueKind::kObject;
      return;
    case NodeKind::kArray:
      v.kind = ValueKind::kList;
      return;
  }
}

void Evaluator::read_field(std::uint32_t field, Value& out) {
  NodeId id = record_->root();
  for (const std::string& segment : program_.fields[field].path.segments()) {
    id = record_->find_member(id, segment);
    if (id == kNoNode) break;
  }
  if (id == kNoNode) {
    out.kind = ValueKind::kNull;
    out.node = kNoNode;
    return;
  }
  value_of_node(id, out);
}

// Hot: runs for every node of every record's expression; the W1 filter
// (`SeverityLevel in [...]`) is kInConst over kField. Benchmark changes (bench/RESULTS.md).
bool Evaluator::eval(std::uint32_t id, Value& out) {
  const ExprNode& n = program_.nodes[id];
  switch (n.op) {
    case Op::kConst:
      out = program_.constants[n.aux];
      return true;
    case Op::kField:
      read_field(n.aux, out);
      return true;
    case Op::kInConst:
    case Op::kNotInConst: {
      Value x;
      if (!eval(program_.kid(n, 0), x)) return false;
      // A comparison involving null is false, `not in` included.
      if (x.is_null()) {
        set_bool(out, false);
        return true;
      }
      set_bool(out, in_set(program_.sets[n.aux], x) == (n.op == Op::kInConst));
      return true;
    }
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return eval_compare(n, out);
    case Op::kAnd:
      return eval_and_or(n, true, out);
    case Op::kOr:
      return eval_and_or(n, false, out);
    case Op::kNot:
      return eval_not(n, out);
    case Op::kIsNull:
    case Op::kIsNotNull: {
      Value x;
      if (!eval(program_.kid(n, 0), x)) return false;
      set_bool(out, x.is_null() == (n.op == Op::kIsNull));
      return true;
    }
    case Op::kIn:
    case Op::kNotIn:
      return eval_in(n, out);
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kMod:
      return eval_arith(n, out);
    case Op::kNeg:
      return eval_neg(n, out);
    case Op::kList:
      return eval_list(n, out);
    case Op::kCall:
      return eval_call(n, out);
  }
  RECPROC_ASSERT(false && "unknown op");
}

// SQL's three-valued logic: false and null = false, true or null = true, otherwise null
// spreads. The right side is not evaluated when the left decides, so it cannot reject.
bool Evaluator::eval_and_or(const ExprNode& n, bool is_and, Value& out) {
  std::string_view word = is_and ? "\"and\"" : "\"or\"";
  Value a;
  if (!eval(program_.kid(n, 0), a)) return false;
  if (!is_bool_or_null(a)) {
    return type_error(
        n, std::string(word) + " needs true or false, got " + std::string(value_kind_name(a.kind)));
  }
  if (a.kind == ValueKind::kBool && a.b != is_and) {
    out = a;
    return true;
  }
  Value b;
  if (!eval(program_.kid(n, 1), b)) return false;
  if (!is_bool_or_null(b)) {
    return type_error(
        n, std::string(word) + " needs true or false, got " + std::string(value_kind_name(b.kind)),
        1);
  }
  if (b.kind == ValueKind::kBool && b.b != is_and) {
    out = b;
  } else if (a.is_null() || b.is_null()) {
    out = Value::null();
  } else {
    out = Value::boolean(is_and);
  }
  return true;
}

bool Evaluator::eval_not(const ExprNode& n, Value& out) {
  Value a;
  if (!eval(program_.kid(n, 0), a)) return false;
  if (a.is_null()) {
    out = a;
    out.node = kNoNode;
    return true;
  }
  if (a.kind != ValueKind::kBool) {
    return type_error(n,
                      "\"not\" needs true or false, got " + std::string(value_kind_name(a.kind)));
  }
  out = Value::boolean(!a.b);
  return true;
}

bool Evaluator::eval_compare(const ExprNode& n, Value& out) {
  Value a, b;
  if (!eval(program_.kid(n, 0), a) || !eval(program_.kid(n, 1), b)) return false;
  if (a.is_null() || b.is_null()) {
    out = Value::boolean(false);
    return true;
  }
  if (n.op == Op::kEq || n.op == Op::kNe) {
    set_bool(out, scalars_equal(a, b) == (n.op == Op::kEq));
    return true;
  }
  Order o = compare_ordered(a, b);
  if (o == Order::kIncomparable) {
    if (a.kind == b.kind || (a.is_number() && b.is_number())) {
      return type_error(n, std::string(value_kind_name(a.kind)) + " values cannot be ordered");
    }
    return type_error(n, "cannot compare " + std::string(value_kind_name(a.kind)) + " with " +
                             std::string(value_kind_name(b.kind)));
  }
  bool r = false;
  switch (n.op) {
    case Op::kLt:
      r = o == Order::kLess;
      break;
    case Op::kLe:
      r = o != Order::kGreater;
      break;
    case Op::kGt:
      r = o == Order::kGreater;
      break;
    default:
      r = o != Order::kLess;
      break;
  }
  set_bool(out, r);
  return true;
}

bool Evaluator::eval_in(const ExprNode& n, Value& out) {
  Value x, list;
  if (!eval(program_.kid(n, 0), x) || !eval(program_.kid(n, 1), list)) return false;
  if (x.is_null() || list.is_null()) {
    out = Value::boolean(false);
    return true;
  }
  if (list.kind != ValueKind::kList) {
    return type_error(
        n, "\"in\" needs a list on its right, got " + std::string(value_kind_name(list.kind)), 1);
  }
  out = Value::boolean(list_contains(list, x) == (n.op == Op::kIn));
  return true;
}

bool Evaluator::list_contains(const Value& list, const Value& needle) {
  bool found = false;
  for_each_element(list, [&](const Value& e) {
    found = !e.is_null() && scalars_equal(e, needle);
    return !found;
  });
  return found;
}

std::uint32_t Evaluator::list_size(const Value& list) const {
  if (list.node != kNoNode) return static_cast<std::uint32_t>(record_->child_count(list.node));
  return list.list_size;
}

bool Evaluator::eval_neg(const ExprNode& n, Value& out) {
  Value a;
  if (!eval(program_.kid(n, 0), a)) return false;
  switch (a.kind) {
    case ValueKind::kNull:
      out = Value::null();
      return true;
    case ValueKind::kInt:
      if (a.i == std::numeric_limits<std::int64_t>::min()) return type_error(n, "integer overflow");
      out = Value::integer(-a.i);
      return true;
    case ValueKind::kFloat:
      out = Value::floating(-a.f);
      return true;
    default:
      return type_error(n, "cannot negate " + std::string(value_kind_name(a.kind)));
  }
}

bool Evaluator::eval_list(const ExprNode& n, Value& out) {
  // Slots are reserved first: elements that are lists themselves append after them.
  auto begin = static_cast<std::uint32_t>(pool_.size());
  pool_.resize(pool_.size() + n.kid_count);
  for (std::uint32_t k = 0; k < n.kid_count; ++k) {
    Value e;
    if (!eval(program_.kid(n, k), e)) return false;
    pool_[begin + k] = e;
  }
  out = Value::pool_list(begin, n.kid_count);
  return true;
}

bool Evaluator::add_time(const ExprNode& n, const Value& t, const Value& seconds, bool subtract,
                         Value& out) {
  std::optional<Instant> r;
  if (seconds.kind == ValueKind::kInt) {
    std::int64_t s = 0;
    bool overflow = subtract ? __builtin_sub_overflow(t.i, seconds.i, &s)
                             : __builtin_add_overflow(t.i, seconds.i, &s);
    if (!overflow) r = instant_from_int(s);
    if (r) r->nanos = t.nanos;
  } else {
    double delta = subtract ? -seconds.f : seconds.f;
    double whole = std::floor(delta);
    if (std::fabs(whole) < 1e15) {
      auto s = t.i + static_cast<std::int64_t>(whole);
      auto nanos = static_cast<std::int64_t>(t.nanos) + std::llround((delta - whole) * 1e9);
      if (nanos >= 1000000000) {
        nanos -= 1000000000;
        ++s;
      }
      r = instant_from_int(s);
      if (r) r->nanos = static_cast<std::uint32_t>(nanos);
    }
  }
  if (!r) return type_error(n, "timestamp out of range");
  out = Value::time(r->seconds, r->nanos);
  return true;
}

bool Evaluator::eval_arith(const ExprNode& n, Value& out) {
  Value a, b;
  if (!eval(program_.kid(n, 0), a) || !eval(program_.kid(n, 1), b)) return false;
  if (a.is_null() || b.is_null()) {
    out = Value::null();
    return true;
  }
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt && n.op != Op::kDiv) {
    std::int64_t r = 0;
    bool overflow = false;
    switch (n.op) {
      case Op::kAdd:
        overflow = __builtin_add_overflow(a.i, b.i, &r);
        break;
      case Op::kSub:
        overflow = __builtin_sub_overflow(a.i, b.i, &r);
        break;
      case Op::kMul:
        overflow = __builtin_mul_overflow(a.i, b.i, &r);
        break;
      default:
        if (b.i == 0) return type_error(n, "division by zero");
        r = b.i == -1 ? 0 : a.i % b.i;  // INT64_MIN % -1 traps on x86
        break;
    }
    if (overflow) return type_error(n, "integer overflow");
    out = Value::integer(r);
    return true;
  }
  if (a.is_number() && b.is_number()) {
    double x = a.as_double(), y = b.as_double(), r = 0;
    switch (n.op) {
      case Op::kAdd:
        r = x + y;
        break;
      case Op::kSub:
        r = x - y;
        break;
      case Op::kMul:
        r = x * y;
        break;
      case Op::kDiv:
        if (y == 0) return type_error(n, "division by zero");
        r = x / y;
        break;
      default:
        if (y == 0) return type_error(n, "division by zero");
        r = std::fmod(x, y);
        break;
    }
    if (!std::isfinite(r)) return type_error(n, "result is not a finite number");
    out = Value::floating(r);
    return true;
  }
  if (n.op == Op::kAdd && a.kind == ValueKind::kString && b.kind == ValueKind::kString) {
    char* p = scratch_.allocate(a.s.size() + b.s.size());
    if (!a.s.empty()) std::memcpy(p, a.s.data(), a.s.size());
    if (!b.s.empty()) std::memcpy(p + a.s.size(), b.s.data(), b.s.size());
    out = Value::string({p, a.s.size() + b.s.size()});
    return true;
  }
  if (a.kind == ValueKind::kTime && b.is_number() && (n.op == Op::kAdd || n.op == Op::kSub)) {
    return add_time(n, a, b, n.op == Op::kSub, out);
  }
  if (b.kind == ValueKind::kTime && a.is_number() && n.op == Op::kAdd) {
    return add_time(n, b, a, false, out);
  }
  if (a.kind == ValueKind::kTime && b.kind == ValueKind::kTime && n.op == Op::kSub) {
    double secs = static_cast<double>(a.i - b.i) +
                  (static_cast<double>(a.nanos) - static_cast<double>(b.nanos)) / 1e9;
    out = Value::floating(secs);
    return true;
  }
  return type_error(n, "cannot apply \"" + std::string(op_symbol(n.op)) + "\" to " +
                           std::string(value_kind_name(a.kind)) + " and " +
                           std::string(value_kind_name(b.kind)));
}

bool Evaluator::eval_call(const ExprNode& n, Value& out) {
  if (n.func == Func::kCoalesce) {
    // Lazy: later arguments are not evaluated (and cannot reject) once one is not null.
    for (std::uint32_t k = 0; k < n.kid_count; ++k) {
      if (!eval(program_.kid(n, k), out)) return false;
      if (!out.is_null()) return true;
    }
    return true;
  }
  Value args[kMaxFixedArgs];
  RECPROC_ASSERT(n.kid_count <= kMaxFixedArgs);
  for (std::uint32_t k = 0; k < n.kid_count; ++k) {
    if (!eval(program_.kid(n, k), args[k])) return false;
    // Functions of null give null, as in SQL.
    if (args[k].is_null()) {
      out = Value::null();
      return true;
    }
  }
  return call_builtin(n, args, out);
}

NodeId Evaluator::build(Record& dst, const Value& v) {
  if (v.node != kNoNode && &dst == record_) return dst.copy_from(dst, v.node);
  switch (v.kind) {
    case ValueKind::kNull:
      return dst.make_null();
    case ValueKind::kBool:
      return dst.make_bool(v.b);
    case ValueKind::kInt:
      return dst.make_int(v.i);
    case ValueKind::kFloat: {
      char buf[32];
      return dst.make_number_text({buf, format_float(v.f, buf)});
    }
    case ValueKind::kString:
      return dst.make_string(v.s);
    case ValueKind::kTime: {
      char buf[40];
      return dst.make_string({buf, format_iso8601({v.i, v.nanos}, buf)});
    }
    case ValueKind::kList: {
      NodeId arr = dst.make_array();
      for (std::uint32_t k = 0; k < v.list_size; ++k) {
        NodeId e = build(dst, pool_[v.list_begin + k]);
        dst.append_element(arr, e);
      }
      return arr;
    }
    case ValueKind::kObject:
      break;
  }
  RECPROC_ASSERT(false && "object values always come from a record node");
}

void Evaluator::append_json(std::string& out, const Value& v) const {
  if (v.node != kNoNode) {
    record_->write_json(out, v.node);
    return;
  }
  switch (v.kind) {
    case ValueKind::kString:
      out.push_back('"');
      append_json_escaped(out, v.s);
      out.push_back('"');
      return;
    case ValueKind::kTime:
      out.push_back('"');
      scalar_text(v, out);
      out.push_back('"');
      return;
    case ValueKind::kList:
      out.push_back('[');
      for (std::uint32_t k = 0; k < v.list_size; ++k) {
        if (k > 0) out.push_back(',');
        append_json(out, pool_[v.list_begin + k]);
      }
      out.push_back(']');
      return;
    default:
      scalar_text(v, out);
      return;
  }
}

bool Evaluator::scalar_text(const Value& v, std::string& out) const {
  char buf[40];
  switch (v.kind) {
    case ValueKind::kNull:
      out += "null";
      return true;
    case ValueKind::kBool:
      out += v.b ? "true" : "false";
      return true;
    case ValueKind::kInt:
      if (v.node != kNoNode) {
        out += record_->node(v.node).text;
      } else {
        out += std::to_string(v.i);
      }
      return true;
    case ValueKind::kFloat:
      if (v.node != kNoNode) {
        out += record_->node(v.node).text;
      } else {
        out.append(buf, format_float(v.f, buf));
      }
      return true;
    case ValueKind::kString:
      out += v.s;
      return true;
    case ValueKind::kTime:
      out.append(buf, format_iso8601({v.i, v.nanos}, buf));
      return true;
    default:
      return false;
  }
}

}  // namespace recproc::transform::expr
