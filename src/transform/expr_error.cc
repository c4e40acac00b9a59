#include "transform/expr_error.h"

#include "recproc/error.h"

namespace recproc::transform::expr {

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Control characters other than tab would garble the terminal (or, as NUL, cut the message
// short), so they are shown as "?"; a caret column still counts them as one character.
void append_printable(std::string& out, std::string_view text) {
  for (char c : text) {
    bool control = (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
    out.push_back(control ? '?' : c);
  }
}

}  // namespace

std::string format_expr_error(std::string_view context, std::string_view source, std::size_t offset,
                              std::string_view message, std::string_view hint) {
  if (offset > source.size()) offset = source.size();
  std::size_t line_begin = 0;
  if (offset > 0) {
    std::size_t newline = source.rfind('\n', offset - 1);
    if (newline != std::string_view::npos) line_begin = newline + 1;
  }
  std::size_t line_end = source.find('\n', line_begin);
  if (line_end == std::string_view::npos) line_end = source.size();
  std::string_view line = source.substr(line_begin, line_end - line_begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  // The caret line copies tabs so the caret lines up however the terminal expands them.
  std::string caret = "  ";
  std::size_t column = 1;
  for (std::size_t k = line_begin; k < offset && k < line_begin + line.size(); ++k) {
    if (is_continuation_byte(source[k])) continue;
    caret.push_back(source[k] == '\t' ? '\t' : ' ');
    ++column;
  }
  caret.push_back('^');

  std::string out(context);
  out += ": ";
  append_printable(out, message);
  if (source.find('\n') != std::string_view::npos) {
    std::size_t line_no = 1;
    for (std::size_t k = 0; k < line_begin; ++k) line_no += source[k] == '\n';
    out += " at line " + std::to_string(line_no) + ", column " + std::to_string(column);
  } else {
    out += " at column " + std::to_string(column);
  }
  if (!hint.empty()) {
    out += " (";
    out += hint;
    out += ')';
  }
  out += "\n  ";
  append_printable(out, line);
  out += '\n';
  out += caret;
  return out;
}

void throw_expr_error(std::string_view context, std::string_view source, std::size_t offset,
                      std::string_view message, std::string_view hint) {
  throw UsageError(format_expr_error(context, source, offset, message, hint));
}

}  // namespace recproc::transform::expr
