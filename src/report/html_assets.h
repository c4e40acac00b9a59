// The HTML report's fixed parts, kept apart from the code that fills in the data: the style
// sheet and the two inline scripts. The page loads nothing else (its Content-Security-Policy
// forbids it), so it opens the same from a CI artifact, a mail attachment or a file share.
#pragma once

namespace recproc::report {

/// The page's whole style sheet, for a <style> element.
extern const char* const kReportCss;

/// Runs first, in <head>: records any script error in <html data-js-errors="..."> so that a
/// headless browser's --dump-dom shows it (tests/report/html_chromium_test.sh).
extern const char* const kReportErrorHook;

/// Runs last: makes table columns sortable, then marks <body data-ok="1">.
extern const char* const kReportScript;

}  // namespace recproc::report
