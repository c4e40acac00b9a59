#include "transform/expr_functions.h"

#include <algorithm>
#include <vector>

#include "recproc/error.h"
#include "transform/spellcheck.h"

namespace recproc::transform::expr {

namespace {

constexpr FunctionInfo kFunctions[] = {
    {"coalesce", Func::kCoalesce, 1, kVariadic, std::nullopt},
    {"lower", Func::kLower, 1, 1, ValueKind::kString},
    {"upper", Func::kUpper, 1, 1, ValueKind::kString},
    {"trim", Func::kTrim, 1, 1, ValueKind::kString},
    {"len", Func::kLen, 1, 1, ValueKind::kInt},
    {"contains", Func::kContains, 2, 2, ValueKind::kBool},
    {"starts_with", Func::kStartsWith, 2, 2, ValueKind::kBool},
    {"ends_with", Func::kEndsWith, 2, 2, ValueKind::kBool},
    {"matches", Func::kMatches, 2, 2, ValueKind::kBool},
    {"int", Func::kInt, 1, 1, ValueKind::kInt},
    {"float", Func::kFloat, 1, 1, ValueKind::kFloat},
    {"str", Func::kStr, 1, 1, ValueKind::kString},
    {"substr", Func::kSubstr, 2, 3, ValueKind::kString},
    {"split", Func::kSplit, 2, 2, ValueKind::kList},
    {"join", Func::kJoin, 2, 2, ValueKind::kString},
    {"ts", Func::kTs, 1, 1, ValueKind::kTime},
    {"year", Func::kYear, 1, 1, ValueKind::kInt},
    {"month", Func::kMonth, 1, 1, ValueKind::kInt},
    {"day", Func::kDay, 1, 1, ValueKind::kInt},
    {"hour", Func::kHour, 1, 1, ValueKind::kInt},
    {"sha256", Func::kSha256, 1, 1, ValueKind::kString},
};

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FunctionInfo& function_info(Func func) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.func == func) return f;
  }
  RECPROC_ASSERT(false && "function_info: not a function");
}

std::span<const FunctionInfo> all_functions() { return kFunctions; }

std::string_view suggest_function(std::string_view name) {
  std::vector<std::string_view> names;
  for (const FunctionInfo& f : kFunctions) names.push_back(f.name);
  return closest_match(name, names);
}

std::string describe_arity(const FunctionInfo& info) {
  auto args = [](unsigned n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  if (info.max_args == kVariadic) return "takes at least " + args(info.min_args);
  if (info.min_args == info.max_args) return "takes " + args(info.min_args);
  return "takes " + std::to_string(info.min_args) + " or " + args(info.max_args);
}

}  // namespace recproc::transform::expr
