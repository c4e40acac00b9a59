// `recproc __complete-spec` (hidden): every subcommand and flag of the CLI11 app, one per line,
// which packaging/gen_completions.py turns into the bash and zsh completion scripts at build
// time (issue 20), so that the completions cannot drift from the flags. Lines, tab-separated:
//   command  NAME  SUMMARY
//   option   COMMAND NAMES ARG CHOICES SUMMARY
//   positional COMMAND NAME
// COMMAND is "recproc" for the global flags; NAMES are comma-separated (-o,--output); ARG is the
// value's name, or "-" for a flag; CHOICES are space-separated, or "-" when any value goes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/command.h"

namespace recproc::cli {
namespace {

std::string first_line(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  for (char& c : line) {
    if (c == '\t') c = ' ';
  }
  return line;
}

// The values an IsMember check allows, as CLI11 shows them in the type: "POLICY:{fail,skip}".
std::string choices(const CLI::Option& opt) {
  std::string type = opt.get_type_name();
  auto open = type.find('{');
  auto close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return "-";
  std::string list = type.substr(open + 1, close - open - 1);
  for (char& c : list) {
    if (c == ',') c = ' ';
  }
  return list;
}

// The value's name as --help shows it ("FILE" also for a value checked by CLI::ExistingFile).
std::string arg_name(const CLI::Option& opt) {
  if (opt.get_expected_max() == 0) return "-";  // a flag
  std::string type = opt.get_type_name();
  if (type.find(":FILE") != std::string::npos) return "FILE";
  type = type.substr(0, type.find(':'));
  return type.empty() ? "VALUE" : type;
}

void print_options(const CLI::App& app, const std::string& command) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional()) {
      std::printf("positional\t%s\t%s\n", command.c_str(), opt->get_name().c_str());
      continue;
    }
    std::string names;
    for (const auto& s : opt->get_snames()) names += (names.empty() ? "-" : ",-") + s;
    for (const auto& l : opt->get_lnames()) names += (names.empty() ? "--" : ",--") + l;
    std::printf("option\t%s\t%s\t%s\t%s\t%s\n", command.c_str(), names.c_str(),
                arg_name(*opt).c_str(), choices(*opt).c_str(),
                first_line(opt->get_description()).c_str());
  }
}

int print_spec(const CLI::App& app) {
  print_options(app, "recproc");
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty()) continue;  // hidden, as this one
    std::printf("command\t%s\t%s\n", sub->get_name().c_str(),
                first_line(sub->get_description()).c_str());
    print_options(*sub, sub->get_name());
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

void add_complete_spec_command(CLI::App& app, CommandAction& action) {
  CLI::App* cmd = app.add_subcommand("__complete-spec", "Flags for the completion scripts");
  cmd->group("");  // not listed in --help
  cmd->callback([&action, &app] { action = [&app] { return print_spec(app); }; });
}

}  // namespace recproc::cli
