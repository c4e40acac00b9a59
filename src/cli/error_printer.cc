#include "cli/error_printer.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>

#include "engine/error_text.h"
#include "report/run_report.h"

namespace recproc::cli {

ErrorPrinter::ErrorPrinter(const RunPlan& plan, bool annotations_to_stdout)
    : github_(plan.error_format == ErrorFormat::kGithub),
      silent_(plan.error_format == ErrorFormat::kSarif),
      limit_(plan.max_errors),
      to_stdout_(annotations_to_stdout) {}

void ErrorPrinter::print(const engine::RejectedRecord& r) {
  ++seen_;
  if (silent_ || seen_ > limit_) return;
  std::string file = engine::display_path(*r.source);
  if (!github_) {
    spdlog::warn("{}", engine::format_record_error(file, r.line, *r.error));
    return;
  }
  std::string msg =
      r.error->field.empty()
          ? r.error->reason
          : "field \"" + engine::pointer_to_dotted(r.error->field) + "\": " + r.error->reason;
  std::string line = report::github_annotation(file, r.line, msg) + "\n";
  std::fputs(line.c_str(), to_stdout_ ? stdout : stderr);
}

void ErrorPrinter::finish() const {
  if (!silent_ && seen_ > limit_) {
    spdlog::warn("{} more bad records not shown (--max-errors {})", seen_ - limit_, limit_);
  }
}

}  // namespace recproc::cli
