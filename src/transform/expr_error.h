// Compile-time (parse) errors of expressions: the message, then the expression with a caret
// under the offending token, so the user sees where it went wrong:
//
//   filter: expected an expression, got ")" at column 18
//     SeverityLevel in )
//                      ^
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recproc::transform::expr {

/// Formats the message above; a non-empty `hint` follows the location in parentheses
/// ("... at column 3 (use \"==\" to compare)"). Columns count characters (UTF-8 code points)
/// from 1; for text with several lines, only the line holding `offset` is shown and the message
/// names the line.
std::string format_expr_error(std::string_view context, std::string_view source, std::size_t offset,
                              std::string_view message, std::string_view hint = {});

/// Throws UsageError(format_expr_error(...)).
[[noreturn]] void throw_expr_error(std::string_view context, std::string_view source,
                                   std::size_t offset, std::string_view message,
                                   std::string_view hint = {});

}  // namespace recproc::transform::expr
