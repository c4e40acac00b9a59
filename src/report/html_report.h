// The run report as one self-contained HTML page (issue 20): counts and exit status, errors by
// field and rule as a bar chart with their first examples, thresholds, inputs, and the field
// profile when the report has one. Built from the JSON document (docs/report.md), so that
// `--html FILE` and `recproc report html REPORT.json` make the same page.
#pragma once

#include <string>
#include <string_view>

namespace recproc::report {

/// The page for `report_json`, a document written by report_json(). `source` names it in
/// messages. Every value from the document is HTML-escaped. Throws UsageError when the text is
/// not JSON or not a recproc report.
std::string html_report(std::string_view report_json, std::string_view source);

}  // namespace recproc::report
