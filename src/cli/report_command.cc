// `recproc report html REPORT.json -o FILE`: the HTML page for a report written earlier with
// --report (issue 20), the same page `run --html` writes, e.g. for a nightly run's report
// fetched from blob storage.
#include <CLI/CLI.hpp>
#include <string>

#include "cli/command.h"
#include "cli/help_formatter.h"
#include "io/file_source.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "report/html_report.h"

namespace recproc::cli {
namespace {

struct ReportHtmlArgs {
  std::string report;
  std::string output = "-";
};

int run_report_html(const ReportHtmlArgs& args) {
  std::string page = report::html_report(io::read_whole_file(args.report), args.report);
  io::OutputFile out(args.output);
  out.write(page);
  out.commit();
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, CommandAction& action) {
  CLI::App* cmd = app.add_subcommand("report", "Turn a JSON run report into another form");
  cmd->require_subcommand(1);
  cmd->footer(help_footer("", {"recproc report html report.json -o report.html"}));
  auto args = std::make_shared<ReportHtmlArgs>();
  CLI::App* html = cmd->add_subcommand("html", "Write a --report JSON file as one HTML page");
  html->footer(help_footer(
      "The page holds its style and script inline and loads nothing: open it from a CI "
      "artifact or a mail attachment. `run --html FILE` writes the same page.",
      {"recproc report html report.json -o report.html",
       "recproc run in.ndjson --on-error skip --report r.json -o out.ndjson &&\n"
       "  recproc report html r.json > r.html"}));
  html->add_option("REPORT", args->report, "Report file written by --report")->required();
  html->add_option("-o,--output", args->output, "HTML file to write ('-' for stdout)")
      ->type_name("FILE")
      ->capture_default_str();
  html->fallthrough();
  html->callback([&action, args] { action = [args] { return run_report_html(*args); }; });
}

}  // namespace recproc::cli
