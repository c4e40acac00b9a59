// Evaluates a compiled Program against records. One Evaluator per worker: it owns the worker's
// scratch (computed strings, computed lists) and its compiled regular expressions, so
// evaluating allocates nothing once warm in the common cases (field/literal comparisons, `in`,
// `is null`, boolean logic, trim/substr/split, which return views).
//
//   Evaluator ev(*program);
//   Value v;
//   if (!ev.run(record, v)) return reject(ev.error());   // data problem, not an exception
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "recproc/outcome.h"
#include "recproc/record.h"
#include "transform/expr_program.h"
#include "transform/expr_scratch.h"
#include "transform/expr_value.h"

namespace re2 {
class RE2;
}

namespace recproc::transform::expr {

/// Why a record cannot be evaluated: a failed conversion (kCast) or a type error (kTransform).
struct EvalError {
  ErrorKind kind = ErrorKind::kTransform;
  std::string field;    ///< JSON Pointer of the field involved, "" when none is
  std::string message;  ///< "cannot convert \"x\" to an integer"
  std::uint32_t node = 0;
};

class Evaluator {
 public:
  explicit Evaluator(const Program& program);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  /// Evaluates the whole expression. False when the record must be rejected (see error()).
  /// Views in `out` stay valid until the next run() or until `record` changes.
  bool run(const Record& record, Value& out) { return run_node(record, program_.root, out); }
  /// Evaluates one node of the program (the parser folds constants with it).
  bool run_node(const Record& record, std::uint32_t node, Value& out);

  const EvalError& error() const { return error_; }
  /// The reject reason: the failing part of the expression, then what went wrong:
  /// `int(retries): cannot convert "x" to an integer`.
  std::string reason() const;

  /// Builds `v` as a new node of `dst`, the record last passed to run() (for `set`).
  NodeId build(Record& dst, const Value& v);
  /// Appends `v` as JSON.
  void append_json(std::string& out, const Value& v) const;

 private:
  bool eval(std::uint32_t id, Value& out);
  void read_field(std::uint32_t field, Value& out);
  void value_of_node(NodeId id, Value& out);
  bool eval_and_or(const ExprNode& n, bool is_and, Value& out);
  bool eval_not(const ExprNode& n, Value& out);
  bool eval_compare(const ExprNode& n, Value& out);
  bool eval_in(const ExprNode& n, Value& out);
  bool eval_arith(const ExprNode& n, Value& out);
  bool eval_neg(const ExprNode& n, Value& out);
  bool eval_list(const ExprNode& n, Value& out);
  bool eval_call(const ExprNode& n, Value& out);
  bool add_time(const ExprNode& n, const Value& t, const Value& seconds, bool subtract, Value& out);

  // Built-in functions (expr_builtins.cc); `args` are non-null.
  bool call_builtin(const ExprNode& n, const Value* args, Value& out);
  bool fn_case(const ExprNode& n, const Value& s, bool upper, Value& out);
  bool fn_len(const ExprNode& n, const Value& x, Value& out);
  bool fn_contains(const ExprNode& n, const Value& hay, const Value& needle, Value& out);
  bool fn_int(const ExprNode& n, const Value& x, Value& out);
  bool fn_float(const ExprNode& n, const Value& x, Value& out);
  bool fn_str(const Value& x, Value& out);
  bool fn_substr(const ExprNode& n, const Value* args, Value& out);
  bool fn_split(const ExprNode& n, const Value& s, const Value& sep, Value& out);
  bool fn_join(const ExprNode& n, const Value& list, const Value& sep, Value& out);
  bool fn_ts(const ExprNode& n, const Value& x, Value& out);
  bool fn_date_part(const ExprNode& n, const Value& x, Value& out);
  bool fn_sha256(const Value& s, Value& out);

  bool list_contains(const Value& list, const Value& needle);
  std::uint32_t list_size(const Value& list) const;
  /// Calls f(const Value&) for each element until it returns false.
  template <typename F>
  void for_each_element(const Value& list, F&& f);

  /// The text str() gives for a scalar; "" and false for lists and objects.
  bool scalar_text(const Value& v, std::string& out) const;

  /// Records the error; the reported field is kid `culprit` of `n` when that kid is a field
  /// reference, else the first kid that is.
  bool fail(ErrorKind kind, const ExprNode& n, std::string message, int culprit = -1);
  bool type_error(const ExprNode& n, std::string message, int culprit = -1) {
    return fail(ErrorKind::kTransform, n, std::move(message), culprit);
  }

  const Program& program_;
  const Record* record_ = nullptr;
  ScratchArena scratch_;
  std::vector<Value> pool_;  ///< elements of computed lists
  std::string text_buf_;     ///< join(), str(): text built before it moves to scratch
  std::string decode_buf_;   ///< unescaping record strings
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  EvalError error_;
};

template <typename F>
void Evaluator::for_each_element(const Value& list, F&& f) {
  if (list.node != kNoNode) {
    for (NodeId c = record_->node(list.node).first_child; c != kNoNode; c = record_->node(c).next) {
      Value e;
      value_of_node(c, e);
      if (!f(e)) return;
    }
    return;
  }
  for (std::uint32_t k = 0; k < list.list_size; ++k) {
    Value e = pool_[list.list_begin + k];  // a copy: f may grow the pool
    if (!f(e)) return;
  }
}

}  // namespace recproc::transform::expr
