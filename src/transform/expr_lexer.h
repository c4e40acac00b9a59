// Splits expression text into tokens. Errors throw UsageError with a caret (expr_error.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace recproc::transform::expr {

enum class Tok : std::uint8_t {
  kEnd,
  kName,  // SeverityLevel, lower, Properties (one path segment or a function name)
  kInt,
  kFloat,
  kString,  // "..." with JSON escapes
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEq,  // ==
  kNe,  // !=
  kLt,
  kLe,
  kGt,
  kGe,
  kAssign,  // =, only meaningful in `set NAME = EXPR`
  kAnd,
  kOr,
  kNot,
  kIn,
  kIs,
  kNull,
  kTrue,
  kFalse,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::uint32_t begin = 0;  ///< byte offsets into the source
  std::uint32_t end = 0;
  bool space_before = false;  ///< whitespace precedes the token (field paths may not contain any)
  std::int64_t int_value = 0;
  double float_value = 0;
  std::string text;  ///< kString: decoded contents; kName: the name
};

/// Tokenizes all of `source`; the last token is kEnd. `context` prefixes error messages.
std::vector<Token> tokenize(std::string_view context, std::string_view source);

/// How a token is named in messages: `")"`, `name foo`, `string "a"`, `end of expression`.
std::string describe(const Token& tok, std::string_view source);

}  // namespace recproc::transform::expr
