#include "cli/help_formatter.h"

#include "cli/exit_code.h"

namespace recproc::cli {

namespace {

std::size_t leading_spaces(std::string_view line) {
  std::size_t n = line.find_first_not_of(' ');
  return n == std::string_view::npos ? line.size() : n;
}

// Appends the words of `text` to `out`, where the current line already holds `column` columns;
// a word that would pass `width` starts a new line `indent` spaces in. The spaces between words
// are kept as written ("select A,B  drop A,B" keeps its two), trailing ones are dropped.
void append_words(std::string& out, std::string_view text, std::size_t column, std::size_t indent,
                  std::size_t width) {
  bool line_empty = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t word_start = text.find_first_not_of(' ', pos);
    if (word_start == std::string_view::npos) break;
    std::size_t word_end = text.find(' ', word_start);
    if (word_end == std::string_view::npos) word_end = text.size();
    std::string_view gap = text.substr(pos, word_start - pos);
    std::string_view word = text.substr(word_start, word_end - word_start);
    if (line_empty) {
      out += word;
      column += word.size();
    } else if (column + gap.size() + word.size() <= width) {
      out += gap;
      out += word;
      column += gap.size() + word.size();
    } else {
      out += '\n';
      out.append(indent, ' ');
      out += word;
      column = indent + word.size();
    }
    line_empty = false;
    pos = word_end;
  }
}

// Where the lines a long line wraps into start: under its first word, or in a list item such as
// "  1    data errors ...", under the text after the term (a gap of two spaces or more).
std::size_t continuation_indent(std::string_view line) {
  std::size_t indent = leading_spaces(line);
  std::size_t term_end = line.find(' ', indent);
  if (term_end == std::string_view::npos || line.substr(term_end, 2) != "  ") return indent;
  std::size_t text = line.find_first_not_of(' ', term_end);
  return text == std::string_view::npos ? indent : text;
}

template <typename Fn>
void for_each_line(std::string_view text, Fn fn) {
  std::size_t pos = 0;
  while (true) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      fn(text.substr(pos), true);
      return;
    }
    fn(text.substr(pos, end - pos), false);
    pos = end + 1;
  }
}

}  // namespace

std::string wrap_text(std::string_view text, std::size_t width) {
  std::string out;
  for_each_line(text, [&](std::string_view line, bool last) {
    std::size_t indent = leading_spaces(line);
    out.append(line.substr(0, indent));
    append_words(out, line.substr(indent), indent, continuation_indent(line), width);
    if (!last) out += '\n';
  });
  return out;
}

std::string hang_text(std::string_view first, std::string_view text, std::size_t column,
                      std::size_t width) {
  std::string out = wrap_text(first, width);
  if (text.empty()) return out + '\n';
  // A name that leaves less than two spaces before the column puts its text on the next line.
  std::size_t break_at = out.rfind('\n');
  std::size_t last_line = break_at == std::string::npos ? out.size() : out.size() - break_at - 1;
  if (last_line + 2 > column) {
    out += '\n';
    out.append(column, ' ');
  } else {
    out.append(column - last_line, ' ');
  }
  bool first_line = true;
  for_each_line(text, [&](std::string_view line, bool) {
    if (!first_line) {
      out += '\n';
      out.append(column, ' ');
    }
    first_line = false;
    std::size_t own = leading_spaces(line);
    out.append(line.substr(0, own));
    append_words(out, line.substr(own), column + own, column + continuation_indent(line), width);
  });
  return out + '\n';
}

std::string help_footer(std::string_view notes, std::initializer_list<std::string_view> examples) {
  std::string out(notes);
  if (!out.empty()) out += "\n\n";
  out += "Examples:\n";
  for (std::string_view example : examples) {
    for_each_line(example, [&](std::string_view line, bool) {
      out += "  ";
      out += line;
      out += '\n';
    });
  }
  return out + "\n" + kExitCodeHelp;
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  return hang_text("  " + make_option_name(opt, is_positional) + make_option_opts(opt),
                   make_option_desc(opt), column_width_, kHelpWidth);
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  std::string desc = sub->get_description();
  return hang_text("  " + sub->get_display_name(true), desc.substr(0, desc.find('\n')),
                   column_width_, kHelpWidth);
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  std::string desc = CLI::Formatter::make_description(app);
  return desc.empty() ? desc : wrap_text(desc, kHelpWidth) + "\n";
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  return wrap_text(CLI::Formatter::make_usage(app, std::move(name)), kHelpWidth);
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  return wrap_text(CLI::Formatter::make_footer(app), kHelpWidth);
}

}  // namespace recproc::cli
