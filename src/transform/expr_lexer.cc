#include "transform/expr_lexer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "recproc/record.h"
#include "transform/expr_error.h"

namespace recproc::transform::expr {

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Keyword {
  std::string_view text;
  Tok tok;
};
constexpr Keyword kKeywords[] = {
    {"and", Tok::kAnd}, {"or", Tok::kOr},     {"not", Tok::kNot},   {"in", Tok::kIn},
    {"is", Tok::kIs},   {"null", Tok::kNull}, {"true", Tok::kTrue}, {"false", Tok::kFalse},
};

class Lexer {
 public:
  Lexer(std::string_view context, std::string_view src) : context_(context), src_(src) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      bool space = skip_space();
      Token tok = next();
      tok.space_before = space;
      out.push_back(std::move(tok));
      if (out.back().kind == Tok::kEnd) return out;
    }
  }

 private:
  [[noreturn]] void fail(std::size_t at, std::string_view message,
                         std::string_view hint = {}) const {
    throw_expr_error(context_, src_, at, message, hint);
  }

  bool skip_space() {
    std::size_t start = pos_;
    while (pos_ < src_.size() &&
           (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\n' || src_[pos_] == '\r')) {
      ++pos_;
    }
    return pos_ != start;
  }

  Token make(Tok kind, std::size_t begin, std::size_t len) {
    Token t;
    t.kind = kind;
    t.begin = static_cast<std::uint32_t>(begin);
    t.end = static_cast<std::uint32_t>(begin + len);
    pos_ = begin + len;
    return t;
  }

  Token next() {
    std::size_t b = pos_;
    if (b == src_.size()) return make(Tok::kEnd, b, 0);
    char c = src_[b];
    char d = b + 1 < src_.size() ? src_[b + 1] : '\0';
    switch (c) {
      case '(':
        return make(Tok::kLParen, b, 1);
      case ')':
        return make(Tok::kRParen, b, 1);
      case '[':
        return make(Tok::kLBracket, b, 1);
      case ']':
        return make(Tok::kRBracket, b, 1);
      case ',':
        return make(Tok::kComma, b, 1);
      case '.':
        if (is_digit(d)) bad_number(b, b + 1, "write 0.5, not .5");
        return make(Tok::kDot, b, 1);
      case '+':
        return make(Tok::kPlus, b, 1);
      case '-':
        return make(Tok::kMinus, b, 1);
      case '*':
        return make(Tok::kStar, b, 1);
      case '/':
        return make(Tok::kSlash, b, 1);
      case '%':
        return make(Tok::kPercent, b, 1);
      case '=':
        return d == '=' ? make(Tok::kEq, b, 2) : make(Tok::kAssign, b, 1);
      case '<':
        return d == '=' ? make(Tok::kLe, b, 2) : make(Tok::kLt, b, 1);
      case '>':
        return d == '=' ? make(Tok::kGe, b, 2) : make(Tok::kGt, b, 1);
      case '!':
        if (d == '=') return make(Tok::kNe, b, 2);
        fail(b, "\"!\" is not an operator", "use \"not\"");
      case '&':
        if (d == '&') fail(b, "\"&&\" is not an operator", "use \"and\"");
        break;
      case '|':
        if (d == '|') fail(b, "\"||\" is not an operator", "use \"or\"");
        break;
      case '\'':
        fail(b, "unexpected character \"'\"", "strings are written in double quotes");
      case '"':
        return string_token(b);
      default:
        break;
    }
    if (is_digit(c)) return number_token(b);
    if (is_name_start(c)) return name_token(b);
    std::string shown(1, c);
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      shown = buf;
    }
    fail(b, "unexpected character \"" + shown + "\"");
  }

  Token name_token(std::size_t b) {
    std::size_t e = b;
    while (e < src_.size() && is_name_char(src_[e])) ++e;
    std::string_view text = src_.substr(b, e - b);
    for (const Keyword& k : kKeywords) {
      if (k.text == text) return make(k.tok, b, e - b);
    }
    Token t = make(Tok::kName, b, e - b);
    t.text = std::string(text);
    return t;
  }

  // JSON numbers: -? is a separate token; int [frac] [exp]. Integers beyond int64 become floats.
  Token number_token(std::size_t b) {
    std::size_t e = b;
    bool is_float = false;
    while (e < src_.size() && is_digit(src_[e])) ++e;
    if (e < src_.size() && src_[e] == '.') {
      is_float = true;
      ++e;
      std::size_t frac = e;
      while (e < src_.size() && is_digit(src_[e])) ++e;
      if (e == frac) bad_number(b, e);
    }
    if (e < src_.size() && (src_[e] == 'e' || src_[e] == 'E')) {
      is_float = true;
      ++e;
      if (e < src_.size() && (src_[e] == '+' || src_[e] == '-')) ++e;
      std::size_t exp = e;
      while (e < src_.size() && is_digit(src_[e])) ++e;
      if (e == exp) bad_number(b, e);
    }
    if (e < src_.size() && is_name_char(src_[e])) bad_number(b, e);
    std::string_view text = src_.substr(b, e - b);
    if (text.size() > 1 && text[0] == '0' && is_digit(text[1])) bad_number(b, e);
    if (!is_float) {
      Token t = make(Tok::kInt, b, e - b);
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), t.int_value);
      if (ec == std::errc() && p == text.data() + text.size()) return t;
    }
    Token t = make(Tok::kFloat, b, e - b);
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), t.float_value);
    if (ec != std::errc() || !std::isfinite(t.float_value)) {
      fail(b, "number " + std::string(text) + " is out of range");
    }
    return t;
  }

  [[noreturn]] void bad_number(std::size_t b, std::size_t e, std::string_view hint = {}) {
    while (e < src_.size() && (is_name_char(src_[e]) || src_[e] == '.')) ++e;
    fail(b, "invalid number \"" + std::string(src_.substr(b, e - b)) + "\"", hint);
  }

  Token string_token(std::size_t b) {
    std::string value;
    std::size_t i = b + 1;
    for (;;) {
      if (i >= src_.size()) fail(b, "unterminated string");
      char c = src_[i];
      if (c == '"') break;
      if (c != '\\') {
        value.push_back(c);
        ++i;
        continue;
      }
      i = escape(i, value);
    }
    Token t = make(Tok::kString, b, i + 1 - b);
    t.text = std::move(value);
    return t;
  }

  // Decodes the JSON escape at `i` (a backslash) into `out`; returns the index after it.
  std::size_t escape(std::size_t i, std::string& out) {
    std::size_t bad_begin = 0, bad_length = 0;
    std::size_t n = decode_json_escape(src_, i, out, &bad_begin, &bad_length);
    if (n == 0) bad_escape(bad_begin, bad_length);
    return i + n;
  }

  [[noreturn]] void bad_escape(std::size_t i, std::size_t len) {
    std::string_view shown = src_.substr(i, len);
    if (!shown.empty() && shown.back() == '"') shown.remove_suffix(1);
    fail(i, "invalid escape \"" + std::string(shown) + "\" in string");
  }

  std::string_view context_;
  std::string_view src_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view context, std::string_view source) {
  return Lexer(context, source).run();
}

std::string describe(const Token& tok, std::string_view source) {
  std::string_view text = source.substr(tok.begin, tok.end - tok.begin);
  // Long strings and names are cut (at a character boundary); the caret shows the rest.
  constexpr std::size_t kMaxShown = 40;
  std::string_view suffix;
  if (text.size() > kMaxShown) {
    std::size_t cut = kMaxShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
    suffix = "...";
  }
  std::string out;
  switch (tok.kind) {
    case Tok::kEnd:
      return "end of expression";
    case Tok::kName:
      out = "name ";
      break;
    case Tok::kInt:
    case Tok::kFloat:
      out = "number ";
      break;
    case Tok::kString:
      out = "string ";
      break;
    default:
      out.push_back('"');
      out.append(text);
      out.push_back('"');
      return out;
  }
  out.append(text);
  out.append(suffix);
  return out;
}

}  // namespace recproc::transform::expr
