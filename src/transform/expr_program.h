// A compiled expression: a flat tree of nodes built once by the parser and then shared,
// read-only, by every worker. Node children are indices, so the whole program is a few vectors.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/record.h"
#include "transform/expr_value.h"

namespace recproc::transform::expr {

enum class Op : std::uint8_t {
  kConst,  // aux: index into constants
  kField,  // aux: index into fields
  kList,   // kids: the elements
  kNeg,    // kids: operand
  kNot,    // kids: operand
  kAnd,    // kids: lhs, rhs (short-circuit)
  kOr,     // kids: lhs, rhs (short-circuit)
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,          // kids: needle, list
  kNotIn,       // kids: needle, list
  kInConst,     // kids: needle; aux: index into sets (a literal list, searched without copying)
  kNotInConst,  // kids: needle; aux: index into sets
  kIsNull,      // kids: operand
  kIsNotNull,   // kids: operand
  kCall,        // kids: arguments; func says which; aux: regex index for matches()
};

/// Built-in functions (docs/expressions.md "Functions").
enum class Func : std::uint8_t {
  kNone,
  kCoalesce,
  kLower,
  kUpper,
  kTrim,
  kLen,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kInt,
  kFloat,
  kStr,
  kSubstr,
  kSplit,
  kJoin,
  kTs,
  kYear,
  kMonth,
  kDay,
  kHour,
  kSha256,
};

struct ExprNode {
  Op op = Op::kConst;
  Func func = Func::kNone;
  std::uint32_t kid_begin = 0;  ///< first child in Program::kids
  std::uint32_t kid_count = 0;
  std::uint32_t aux = 0;
  std::uint32_t begin = 0;  ///< byte span of the node in Program::source, for messages
  std::uint32_t end = 0;
  std::uint32_t height = 1;  ///< longest path to a leaf; bounds evaluation recursion
};

struct FieldRef {
  FieldPath path;
  std::string pointer;  ///< JSON Pointer for reject reports ("/Properties/retries")
};

/// The scalar members of a literal list on the right of `in`, sorted for binary search.
struct ConstSet {
  std::vector<std::string_view> strings;
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  bool has_true = false;
  bool has_false = false;
};

struct Program {
  std::string source;   ///< the text the user wrote (for `set`, the whole "NAME = EXPR")
  std::string context;  ///< "filter" or "set", the prefix of messages
  std::vector<ExprNode> nodes;
  std::vector<std::uint32_t> kids;
  std::uint32_t root = 0;
  std::vector<Value> constants;
  std::deque<std::string> strings;  ///< storage for string constants; a deque never moves them
  std::vector<FieldRef> fields;
  std::vector<ConstSet> sets;
  std::vector<std::string> patterns;  ///< matches() patterns, compiled per worker

  std::uint32_t kid(const ExprNode& n, std::uint32_t k) const { return kids[n.kid_begin + k]; }
  std::string_view text_of(const ExprNode& n) const {
    return std::string_view(source).substr(n.begin, n.end - n.begin);
  }
};

}  // namespace recproc::transform::expr
