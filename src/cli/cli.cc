#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/error_text.h"
#include "cli/exit_code.h"
#include "cli/help_formatter.h"
#include "cli/logging.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "transform/spellcheck.h"

namespace recproc::cli {

namespace {

constexpr const char* kDescription =
    "recproc: fast, parallel, ordered batch processing of NDJSON and CSV records.";

// CLI11's parse errors in recproc's own format, with a "did you mean" for a mistyped flag.
std::string failure_message(const CLI::App* app, const CLI::Error& e) {
  std::string msg = std::string("recproc: error: ") + e.what();
  if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&e); extras && app) {
    std::string text = e.what();
    auto pos = text.find("--");
    if (pos != std::string::npos) {
      std::string flag = text.substr(pos);
      while (!flag.empty() && (flag.back() == ' ' || flag.back() == '\n')) flag.pop_back();
      flag = flag.substr(0, flag.find(' '));
      std::vector<std::string> names;
      std::vector<const CLI::App*> apps{app};
      for (const CLI::App* sub : app->get_subcommands()) apps.push_back(sub);
      for (const CLI::App* a : apps) {
        for (const CLI::Option* opt : a->get_options()) {
          for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
        }
      }
      std::vector<std::string_view> views(names.begin(), names.end());
      std::string_view best = transform::closest_match(flag, views);
      if (!best.empty()) msg += "; did you mean " + std::string(best) + "?";
    }
  }
  return msg + "\nRun with --help for more information.\n";
}

}  // namespace

int run(int argc, char** argv) {
  io::install_cleanup_handlers();
  CLI::App app(kDescription, "recproc");
  // Before the subcommands are added: they inherit the formatter (and the footer, which each
  // replaces with its own).
  app.formatter(std::make_shared<HelpFormatter>());
  app.footer(help_footer(
      "Run recproc SUBCOMMAND --help for the options of one subcommand, man recproc for all of "
      "them.",
      {"recproc run logs.ndjson -t 'select TimeGenerated,Computer' -o out.ndjson",
       "recproc run in.csv --schema s.json --cast --rejects bad.ndjson -o ok.ndjson",
       "recproc check day.ndjson --schema syslog.json --junit check.xml",
       "recproc preview in.csv -n 20"}));
  app.set_version_flag("-V,--version", "recproc " RECPROC_VERSION);
  app.require_subcommand(1);
  app.failure_message(failure_message);
  int verbose = 0;
  bool quiet = false;
  std::string log_format = "text";
  app.add_flag("-v,--verbose", verbose, "More log output (-vv for trace)");
  app.add_flag("-q,--quiet", quiet, "Only errors on stderr");
  app.add_option("--log-format", log_format, "text or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));

  CommandAction action;
  add_run_command(app, action);
  add_check_command(app, action);
  add_preview_command(app, action);
  add_infer_schema_command(app, action);
  add_upload_command(app, action);
  add_download_command(app, action);
  add_logs_command(app, action);
  add_merge_command(app, action);
  add_report_command(app, action);
  add_complete_spec_command(app, action);
  // Global flags work after the subcommand too: `recproc run -v ...`.
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    sub->failure_message(failure_message);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsageError);
  }
  setup_logging(quiet ? -1 : verbose, log_format == "json" ? LogFormat::kJson : LogFormat::kText);

  try {
    return action ? action() : static_cast<int>(ExitCode::kUsageError);
  } catch (const UsageError& e) {
    spdlog::error("{}", error_text(e));
    return static_cast<int>(ExitCode::kUsageError);
  } catch (const IoError& e) {
    spdlog::error("{}", error_text(e));
    return static_cast<int>(ExitCode::kIoError);
  } catch (const DataError& e) {
    spdlog::error("{}", error_text(e));
    return static_cast<int>(ExitCode::kDataError);
  } catch (const std::bad_alloc&) {
    spdlog::error("out of memory");
    return static_cast<int>(ExitCode::kIoError);
  }
}

}  // namespace recproc::cli
