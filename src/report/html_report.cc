#include "report/html_report.h"

#include "recproc/error.h"
#include "report/html_assets.h"
#include "report/html_sections.h"
#include "report/html_text.h"

namespace recproc::report {

std::string html_report(std::string_view report_json, std::string_view source) {
  simdjson::dom::parser parser;
  element root;
  if (auto e = parser.parse(simdjson::padded_string(report_json)).get(root)) {
    throw UsageError(std::string(source) + ": not a recproc report: invalid JSON (" +
                     simdjson::error_message(e) + ")");
  }
  if (!member(root, "report_version") || !member(root, "records_in")) {
    throw UsageError(std::string(source) +
                     ": not a recproc report (no report_version or records_in)");
  }
  std::string title = "recproc " + text_of(root, "command") + " report";
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // The page may load nothing: no fonts, images, scripts or connections, only what it holds.
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  o += "<meta name=\"generator\" content=\"" + html_escape(text_of(root, "tool")) + "\">\n";
  o += "<title>" + html_escape(title) + "</title>\n";
  o += "<script>" + std::string(kReportErrorHook) + "</script>\n";
  o += "<style>" + std::string(kReportCss) + "</style>\n</head>\n<body data-ok=\"0\">\n";
  o += header_section(root);
  o += count_cards(root);
  o += errors_section(root);
  o += thresholds_section(root);
  o += profile_section(root);
  o += inputs_section(root);
  o += details_section(root);
  o += "<footer>Made by " + html_escape(text_of(root, "tool")) + " from " + html_escape(source) +
       ". This page is self-contained: it loads nothing.</footer>\n";
  o += "<script>" + std::string(kReportScript) + "</script>\n</body>\n</html>\n";
  return o;
}

}  // namespace recproc::report
