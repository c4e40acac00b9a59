// recproc's --help layout: CLI11's, wrapped to 80 columns (issue 20). Help texts in the
// *_command.cc files are written as plain paragraphs, one line per paragraph or list item, and
// wrapped here, so that every --help fits an 80-column terminal and the man page made from it
// (help2man) reads the same. Set on the top-level app before the subcommands are added: they
// inherit it.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace recproc::cli {

inline constexpr std::size_t kHelpWidth = 80;

/// Wraps each line of `text` at spaces so that it fits `width` columns. A wrapped line goes on
/// under its own first word, so indented lists stay indented, or under the text of a list item
/// ("  1    data errors": a term, two spaces or more, its text); a word longer than the room
/// left (a URL) is not broken. wrap_text("  a b c", 5) == "  a b\n  c".
std::string wrap_text(std::string_view text, std::size_t width);

/// Wraps `text` to `width` columns starting `column` columns in, the first line after `first`
/// (padded to `column`, or alone on its line when it is longer), the others after spaces.
std::string hang_text(std::string_view first, std::string_view text, std::size_t column,
                      std::size_t width);

/// A footer for --help: `notes` (may be empty), an "Examples:" section with one command line per
/// entry (a "\n" in one continues it on the next line), and the exit codes.
std::string help_footer(std::string_view notes, std::initializer_list<std::string_view> examples);

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(26); }
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  /// One line of the subcommand list: the description's first line only.
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_footer(const CLI::App* app) const override;
};

}  // namespace recproc::cli
