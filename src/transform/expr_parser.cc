// Recursive descent over the grammar in docs/expressions.md, one function per precedence level.
// The parser also does the compile-time work that keeps evaluation cheap: literal lists on the
// right of `in` become sorted sets, regex patterns are validated, and operations on constants
// are folded.
#include "transform/expr_parser.h"

#include <re2/re2.h>

#include <algorithm>
#include <optional>

#include "recproc/error.h"
#include "transform/expr_error.h"
#include "transform/expr_eval.h"
#include "transform/expr_functions.h"
#include "transform/expr_lexer.h"

namespace recproc::transform::expr {

namespace {

// Deeper nesting is refused so that parsing and evaluation recursion stay far from the stack
// limit of worker threads (and of fuzzing under ASan).
constexpr std::uint32_t kMaxDepth = 100;

bool is_comparison(Tok t) {
  switch (t) {
    case Tok::kEq:
    case Tok::kNe:
    case Tok::kLt:
    case Tok::kLe:
    case Tok::kGt:
    case Tok::kGe:
    case Tok::kIn:
    case Tok::kIs:
    case Tok::kNot:
      return true;
    default:
      return false;
  }
}

bool is_keyword(Tok t) {
  switch (t) {
    case Tok::kAnd:
    case Tok::kOr:
    case Tok::kNot:
    case Tok::kIn:
    case Tok::kIs:
    case Tok::kNull:
    case Tok::kTrue:
    case Tok::kFalse:
      return true;
    default:
      return false;
  }
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "a string", "an integer": for messages.
std::string a_kind(ValueKind k) {
  std::string_view name = value_kind_name(k);
  bool vowel = name[0] == 'i' || name[0] == 'o';
  return (vowel ? "an " : "a ") + std::string(name);
}

class Parser {
 public:
  explicit Parser(Program& p) : p_(p), toks_(tokenize(p.context, p.source)) {}

  std::uint32_t parse_whole_expression() {
    std::uint32_t root = parse_or();
    if (peek().kind != Tok::kEnd) unexpected_after_expression();
    return root;
  }

  FieldPath parse_set_target() {
    if (peek().kind != Tok::kName && peek().kind != Tok::kDot) {
      fail(peek(), "expected the name of the field to set, got " + describe(peek()));
    }
    FieldPath path = parse_path();
    if (peek().kind != Tok::kAssign) {
      fail(peek(), "expected \"=\" after the field name, got " + describe(peek()));
    }
    advance();
    return path;
  }

  /// nullopt when the type depends on the data.
  std::optional<ValueKind> static_kind(std::uint32_t id) const {
    const ExprNode& n = p_.nodes[id];
    switch (n.op) {
      case Op::kConst:
        return p_.constants[n.aux].kind;
      case Op::kList:
        return ValueKind::kList;
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
      case Op::kIn:
      case Op::kNotIn:
      case Op::kInConst:
      case Op::kNotInConst:
      case Op::kIsNull:
      case Op::kIsNotNull:
      case Op::kAnd:
      case Op::kOr:
      case Op::kNot:
        return ValueKind::kBool;
      case Op::kCall:
        return function_info(n.func).result;
      default:
        return std::nullopt;
    }
  }

  [[noreturn]] void fail_at(std::uint32_t offset, std::string_view message,
                            std::string_view hint = {}) const {
    throw_expr_error(p_.context, p_.source, offset, message, hint);
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  const Token& advance() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

  std::string describe(const Token& t) const { return expr::describe(t, p_.source); }

  [[noreturn]] void fail(const Token& t, std::string_view message,
                         std::string_view hint = {}) const {
    fail_at(t.begin, message, hint);
  }

  [[noreturn]] void unexpected_after_expression() const {
    const Token& t = peek();
    std::string hint;
    if (t.kind == Tok::kAssign) {
      hint = "use \"==\" to compare";
    } else if (t.kind == Tok::kName) {
      std::string lower = lowercase(t.text);
      for (std::string_view kw : {"and", "or", "not", "in", "is", "null", "true", "false"}) {
        if (lower == kw) hint = "keywords are lowercase: \"" + lower + "\"";
      }
    }
    fail(t, "unexpected " + describe(t) + " after the expression", hint);
  }

  // Counts nesting on the way down; the destructor undoes it on the way back up.
  struct DepthGuard {
    DepthGuard(Parser& parser, const Token& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxDepth) {
        parser_.fail(at, "expression nested too deeply (more than " + std::to_string(kMaxDepth) +
                             " levels)");
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    Parser& parser_;
  };

  // ---- Node building ------------------------------------------------------------------------

  std::uint32_t add_node(Op op, std::uint32_t begin, std::uint32_t end,
                         std::initializer_list<std::uint32_t> kids, Func func = Func::kNone) {
    std::vector<std::uint32_t> v(kids);
    return add_node_v(op, begin, end, v, func);
  }

  std::uint32_t add_node_v(Op op, std::uint32_t begin, std::uint32_t end,
                           const std::vector<std::uint32_t>& kids, Func func = Func::kNone) {
    ExprNode n;
    n.op = op;
    n.func = func;
    n.begin = begin;
    n.end = end;
    n.kid_begin = static_cast<std::uint32_t>(p_.kids.size());
    n.kid_count = static_cast<std::uint32_t>(kids.size());
    for (std::uint32_t k : kids) {
      p_.kids.push_back(k);
      n.height = std::max(n.height, p_.nodes[k].height + 1);
    }
    if (n.height > kMaxDepth) {
      fail_at(begin,
              "expression nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
    }
    p_.nodes.push_back(n);
    return static_cast<std::uint32_t>(p_.nodes.size() - 1);
  }

  std::uint32_t add_constant(const Value& v, std::uint32_t begin, std::uint32_t end) {
    Value c = v;
    c.node = kNoNode;
    if (c.kind == ValueKind::kString) c.s = p_.strings.emplace_back(c.s);
    std::uint32_t id = add_node(Op::kConst, begin, end, {});
    p_.nodes[id].aux = static_cast<std::uint32_t>(p_.constants.size());
    p_.constants.push_back(c);
    return id;
  }

  std::uint32_t binary(Op op, std::uint32_t lhs, std::uint32_t rhs) {
    return fold(add_node(op, p_.nodes[lhs].begin, p_.nodes[rhs].end, {lhs, rhs}));
  }

  // Evaluates an operation whose operands are all constants, once, here. A failure (int("x"))
  // is left for run time, where it rejects each record as documented.
  std::uint32_t fold(std::uint32_t id) {
    const ExprNode& n = p_.nodes[id];
    if (n.op == Op::kConst || n.op == Op::kField || n.op == Op::kList) return id;
    for (std::uint32_t k = 0; k < n.kid_count; ++k) {
      if (p_.nodes[p_.kid(n, k)].op != Op::kConst) return id;
    }
    Evaluator ev(p_);
    Value v;
    if (!ev.run_node(empty_record_, id, v) || v.kind == ValueKind::kList) return id;
    std::uint32_t begin = n.begin, end = n.end, kid_count = n.kid_count;
    RECPROC_ASSERT(id == p_.nodes.size() - 1);  // fold() runs right after add_node()
    p_.nodes.pop_back();
    p_.kids.resize(p_.kids.size() - kid_count);
    return add_constant(v, begin, end);
  }

  // ---- Grammar ------------------------------------------------------------------------------

  std::uint32_t parse_or() {
    DepthGuard guard(*this, peek());
    std::uint32_t lhs = parse_and();
    while (peek().kind == Tok::kOr) {
      advance();
      lhs = logic(Op::kOr, lhs, parse_and());
    }
    return lhs;
  }

  std::uint32_t parse_and() {
    std::uint32_t lhs = parse_not();
    while (peek().kind == Tok::kAnd) {
      advance();
      lhs = logic(Op::kAnd, lhs, parse_not());
    }
    return lhs;
  }

  std::uint32_t logic(Op op, std::uint32_t lhs, std::uint32_t rhs) {
    need_boolean(op == Op::kAnd ? "\"and\"" : "\"or\"", lhs);
    need_boolean(op == Op::kAnd ? "\"and\"" : "\"or\"", rhs);
    return binary(op, lhs, rhs);
  }

  void need_boolean(std::string_view what, std::uint32_t operand) const {
    std::optional<ValueKind> k = static_kind(operand);
    if (k && *k != ValueKind::kBool && *k != ValueKind::kNull) {
      fail_at(p_.nodes[operand].begin,
              std::string(what) + " needs true or false, got " + a_kind(*k));
    }
  }

  std::uint32_t parse_not() {
    if (peek().kind != Tok::kNot) return parse_comparison();
    const Token& t = advance();
    DepthGuard guard(*this, t);
    std::uint32_t operand = parse_not();
    need_boolean("\"not\"", operand);
    return fold(add_node(Op::kNot, t.begin, p_.nodes[operand].end, {operand}));
  }

  std::uint32_t parse_comparison() {
    std::uint32_t lhs = parse_additive();
    if (!is_comparison(peek().kind)) return lhs;
    std::uint32_t result = comparison_tail(lhs);
    if (is_comparison(peek().kind)) {
      fail(peek(), "comparisons cannot be chained", "use \"and\"");
    }
    return result;
  }

  std::uint32_t comparison_tail(std::uint32_t lhs) {
    const Token& t = advance();
    std::uint32_t begin = p_.nodes[lhs].begin;
    switch (t.kind) {
      case Tok::kEq:
        return binary(Op::kEq, lhs, parse_additive());
      case Tok::kNe:
        return binary(Op::kNe, lhs, parse_additive());
      case Tok::kLt:
        return binary(Op::kLt, lhs, parse_additive());
      case Tok::kLe:
        return binary(Op::kLe, lhs, parse_additive());
      case Tok::kGt:
        return binary(Op::kGt, lhs, parse_additive());
      case Tok::kGe:
        return binary(Op::kGe, lhs, parse_additive());
      case Tok::kIn:
        return membership(lhs, false);
      case Tok::kNot:
        if (peek().kind != Tok::kIn) {
          fail(peek(), "expected \"in\" after \"not\", got " + describe(peek()));
        }
        advance();
        return membership(lhs, true);
      default:
        break;
    }
    // `is null` / `is not null`
    bool negated = peek().kind == Tok::kNot;
    if (negated) advance();
    if (peek().kind != Tok::kNull) {
      fail(peek(), std::string("expected \"null\"") + (negated ? "" : " or \"not null\"") +
                       " after \"" + (negated ? "is not" : "is") + "\", got " + describe(peek()));
    }
    const Token& null_tok = advance();
    return fold(add_node(negated ? Op::kIsNotNull : Op::kIsNull, begin, null_tok.end, {lhs}));
  }

  std::uint32_t membership(std::uint32_t lhs, bool negated) {
    std::uint32_t rhs = parse_additive();
    std::optional<ValueKind> k = static_kind(rhs);
    if (k && *k != ValueKind::kList && *k != ValueKind::kNull) {
      fail_at(p_.nodes[rhs].begin, "\"in\" needs a list such as [\"a\", \"b\"], got " + a_kind(*k),
              *k == ValueKind::kString ? "use contains() for substrings" : "");
    }
    if (auto set = constant_set(rhs)) {
      std::uint32_t id = add_node(negated ? Op::kNotInConst : Op::kInConst, p_.nodes[lhs].begin,
                                  p_.nodes[rhs].end, {lhs});
      p_.nodes[id].aux = static_cast<std::uint32_t>(p_.sets.size());
      p_.sets.push_back(std::move(*set));
      return fold(id);
    }
    return binary(negated ? Op::kNotIn : Op::kIn, lhs, rhs);
  }

  // A literal list of scalars becomes a sorted set searched in place at run time.
  std::optional<ConstSet> constant_set(std::uint32_t list) const {
    const ExprNode& n = p_.nodes[list];
    if (n.op != Op::kList) return std::nullopt;
    ConstSet set;
    for (std::uint32_t k = 0; k < n.kid_count; ++k) {
      const ExprNode& e = p_.nodes[p_.kid(n, k)];
      if (e.op != Op::kConst) return std::nullopt;
      const Value& v = p_.constants[e.aux];
      switch (v.kind) {
        case ValueKind::kNull:
          break;  // equal to nothing
        case ValueKind::kBool:
          (v.b ? set.has_true : set.has_false) = true;
          break;
        case ValueKind::kInt:
          set.ints.push_back(v.i);
          break;
        case ValueKind::kFloat:
          set.floats.push_back(v.f);
          break;
        case ValueKind::kString:
          set.strings.push_back(v.s);
          break;
        default:
          return std::nullopt;
      }
    }
    std::sort(set.strings.begin(), set.strings.end());
    std::sort(set.ints.begin(), set.ints.end());
    std::sort(set.floats.begin(), set.floats.end());
    return set;
  }

  std::uint32_t parse_additive() {
    std::uint32_t lhs = parse_multiplicative();
    for (;;) {
      Tok t = peek().kind;
      if (t != Tok::kPlus && t != Tok::kMinus) return lhs;
      advance();
      lhs = binary(t == Tok::kPlus ? Op::kAdd : Op::kSub, lhs, parse_multiplicative());
    }
  }

  std::uint32_t parse_multiplicative() {
    std::uint32_t lhs = parse_unary();
    for (;;) {
      Tok t = peek().kind;
      Op op = t == Tok::kStar ? Op::kMul : t == Tok::kSlash ? Op::kDiv : Op::kMod;
      if (t != Tok::kStar && t != Tok::kSlash && t != Tok::kPercent) return lhs;
      advance();
      lhs = binary(op, lhs, parse_unary());
    }
  }

  std::uint32_t parse_unary() {
    if (peek().kind != Tok::kMinus) return parse_primary();
    const Token& t = advance();
    DepthGuard guard(*this, t);
    std::uint32_t operand = parse_unary();
    return fold(add_node(Op::kNeg, t.begin, p_.nodes[operand].end, {operand}));
  }

  std::uint32_t parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::kInt:
        advance();
        return add_constant(Value::integer(t.int_value), t.begin, t.end);
      case Tok::kFloat:
        advance();
        return add_constant(Value::floating(t.float_value), t.begin, t.end);
      case Tok::kString:
        advance();
        return add_constant(Value::string(t.text), t.begin, t.end);
      case Tok::kNull:
        advance();
        return add_constant(Value::null(), t.begin, t.end);
      case Tok::kTrue:
        advance();
        return add_constant(Value::boolean(true), t.begin, t.end);
      case Tok::kFalse:
        advance();
        return add_constant(Value::boolean(false), t.begin, t.end);
      case Tok::kLParen:
        return parse_parenthesized();
      case Tok::kLBracket:
        return parse_list();
      case Tok::kName:
        if (peek(1).kind == Tok::kLParen) return parse_call();
        return parse_field();
      case Tok::kDot:
        return parse_field();
      default:
        fail(t, "expected an expression, got " + describe(t));
    }
  }

  std::uint32_t parse_parenthesized() {
    bool after_in = pos_ > 0 && toks_[pos_ - 1].kind == Tok::kIn;
    const Token& open = advance();
    std::uint32_t inner = parse_or();
    if (peek().kind != Tok::kRParen) {
      fail(peek(), "expected \")\", got " + describe(peek()),
           after_in ? "lists are written in square brackets: in [\"a\", \"b\"]"
                    : "to close the \"(\" at column " + column_of(open));
    }
    const Token& close = advance();
    // The node's span takes in the parentheses, so messages quote "(a + b) * c" whole.
    p_.nodes[inner].begin = open.begin;
    p_.nodes[inner].end = close.end;
    return inner;
  }

  std::string column_of(const Token& t) const {
    std::size_t col = 1;
    for (std::size_t k = p_.source.rfind('\n', t.begin) + 1; k < t.begin; ++k) {
      col += (static_cast<unsigned char>(p_.source[k]) & 0xC0) != 0x80;
    }
    return std::to_string(col);
  }

  std::uint32_t parse_list() {
    const Token& open = advance();
    std::vector<std::uint32_t> items;
    if (peek().kind != Tok::kRBracket) {
      for (;;) {
        items.push_back(parse_or());
        if (peek().kind == Tok::kRBracket) break;
        if (peek().kind != Tok::kComma) {
          fail(peek(), "expected \",\" or \"]\" in the list, got " + describe(peek()));
        }
        advance();
      }
    }
    const Token& close = advance();
    return add_node_v(Op::kList, open.begin, close.end, items);
  }

  std::uint32_t parse_call() {
    const Token& name = advance();
    advance();  // (
    const FunctionInfo* info = find_function(name.text);
    if (info == nullptr) {
      std::string_view suggestion = suggest_function(name.text);
      fail(name, "unknown function \"" + name.text + "\"",
           suggestion.empty() ? "" : "did you mean \"" + std::string(suggestion) + "\"?");
    }
    std::vector<std::uint32_t> args;
    if (peek().kind != Tok::kRParen) {
      for (;;) {
        args.push_back(parse_or());
        if (peek().kind == Tok::kRParen) break;
        if (peek().kind != Tok::kComma) {
          fail(peek(), "expected \",\" or \")\" after an argument of " + name.text + "(), got " +
                           describe(peek()));
        }
        advance();
      }
    }
    const Token& close = advance();
    if (args.size() < info->min_args ||
        (info->max_args != kVariadic && args.size() > info->max_args)) {
      fail(name,
           name.text + "() " + describe_arity(*info) + ", got " + std::to_string(args.size()));
    }
    std::uint32_t id = add_node_v(Op::kCall, name.begin, close.end, args, info->func);
    if (info->func == Func::kMatches) p_.nodes[id].aux = compile_pattern(args[1]);
    return fold(id);
  }

  std::uint32_t compile_pattern(std::uint32_t arg) {
    const ExprNode& n = p_.nodes[arg];
    if (n.op != Op::kConst || p_.constants[n.aux].kind != ValueKind::kString) {
      fail_at(n.begin, "the pattern of matches() must be a string literal");
    }
    std::string pattern(p_.constants[n.aux].s);
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern, options);
    if (!re.ok()) fail_at(n.begin, "invalid regular expression: " + re.error());
    p_.patterns.push_back(std::move(pattern));
    return static_cast<std::uint32_t>(p_.patterns.size() - 1);
  }

  std::uint32_t parse_field() {
    std::uint32_t begin = peek().begin;
    FieldPath path = parse_path();
    std::uint32_t end = toks_[pos_ - 1].end;
    std::uint32_t id = add_node(Op::kField, begin, end, {});
    p_.nodes[id].aux = static_cast<std::uint32_t>(p_.fields.size());
    std::string pointer = path.to_pointer();
    p_.fields.push_back({std::move(path), std::move(pointer)});
    return id;
  }

  // name ( "." name | "[" string "]" | ".[" string "]" )*  or  ".[" string "]" ...; the parts
  // of a path are written without spaces between them.
  FieldPath parse_path() {
    std::vector<std::string> segments;
    if (peek().kind == Tok::kName) {
      segments.push_back(advance().text);
    } else {
      advance();  // the leading "." of .["odd name"]
      if (peek().kind != Tok::kLBracket || peek().space_before) {
        fail(peek(), "expected [\"field name\"] after \".\", got " + describe(peek()));
      }
      segments.push_back(bracket_segment());
    }
    for (;;) {
      const Token& t = peek();
      if (t.space_before) break;
      if (t.kind == Tok::kLBracket) {
        segments.push_back(bracket_segment());
      } else if (t.kind == Tok::kDot) {
        advance();
        const Token& seg = peek();
        if (seg.kind == Tok::kLBracket && !seg.space_before) {
          segments.push_back(bracket_segment());
        } else if ((seg.kind == Tok::kName || is_keyword(seg.kind)) && !seg.space_before) {
          advance();
          segments.emplace_back(p_.source.substr(seg.begin, seg.end - seg.begin));
        } else {
          fail(seg, "expected a field name after \".\", got " + describe(seg));
        }
      } else {
        break;
      }
    }
    return FieldPath(std::move(segments));
  }

  std::string bracket_segment() {
    advance();  // [
    if (peek().kind != Tok::kString) {
      fail(peek(), "expected a quoted field name after \"[\", got " + describe(peek()));
    }
    std::string name = advance().text;
    if (peek().kind != Tok::kRBracket) {
      fail(peek(), "expected \"]\" after the field name, got " + describe(peek()));
    }
    advance();
    return name;
  }

  Program& p_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::uint32_t depth_ = 0;
  Record empty_record_;
};

std::shared_ptr<Program> new_program(std::string_view context, std::string_view text) {
  auto p = std::make_shared<Program>();
  p->context = std::string(context);
  p->source = std::string(text);
  return p;
}

}  // namespace

std::shared_ptr<const Program> compile_filter(std::string_view expr_text) {
  auto p = new_program("filter", expr_text);
  Parser parser(*p);
  p->root = parser.parse_whole_expression();
  std::optional<ValueKind> k = parser.static_kind(p->root);
  if (k && *k != ValueKind::kBool && *k != ValueKind::kNull) {
    parser.fail_at(p->nodes[p->root].begin,
                   "the expression gives " + a_kind(*k) + ", not true or false");
  }
  return p;
}

CompiledSet compile_set(std::string_view spec_text) {
  auto p = new_program("set", spec_text);
  Parser parser(*p);
  FieldPath target = parser.parse_set_target();
  p->root = parser.parse_whole_expression();
  return {std::move(target), p};
}

}  // namespace recproc::transform::expr
