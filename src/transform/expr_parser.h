// Compiles expression text (docs/expressions.md) into a Program, once, before any input is read.
// Every error throws UsageError with the expression and a caret under the bad token.
#pragma once

#include <memory>
#include <string_view>

#include "recproc/record.h"
#include "transform/expr_program.h"

namespace recproc::transform::expr {

/// `filter EXPR`: EXPR must be able to give true or false (`filter len(x)` is an error).
std::shared_ptr<const Program> compile_filter(std::string_view expr_text);

struct CompiledSet {
  FieldPath target;
  std::shared_ptr<const Program> program;
};

/// `set NAME = EXPR`: NAME is a field path (`a.b`, `.["odd name"]`).
CompiledSet compile_set(std::string_view spec_text);

}  // namespace recproc::transform::expr
