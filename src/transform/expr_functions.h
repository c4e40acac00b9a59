// The table of built-in functions: names, arities, and "did you mean" for misspellings.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "transform/expr_program.h"
#include "transform/expr_value.h"

namespace recproc::transform::expr {

/// Static result type of a function, for the compile-time check of filter expressions;
/// nullopt when it depends on the arguments (coalesce).
struct FunctionInfo {
  std::string_view name;
  Func func;
  std::uint8_t min_args;
  std::uint8_t max_args;  ///< kVariadic for "any number"
  std::optional<ValueKind> result;
};

inline constexpr std::uint8_t kVariadic = 255;
/// The most arguments a non-variadic function takes; the evaluator keeps them on its stack.
inline constexpr std::uint32_t kMaxFixedArgs = 3;

/// nullptr when there is no such function.
const FunctionInfo* find_function(std::string_view name);
const FunctionInfo& function_info(Func func);
std::span<const FunctionInfo> all_functions();

/// The closest function name within an edit distance of 2, or "" (ninja's SpellcheckString).
std::string_view suggest_function(std::string_view name);

/// "takes 1 argument", "takes 2 or 3 arguments", "takes at least 1 argument".
std::string describe_arity(const FunctionInfo& info);

}  // namespace recproc::transform::expr
