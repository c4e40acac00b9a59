#include "report/html_report.h"

#include <gtest/gtest.h>

#include <string>

#include "recproc/error.h"
#include "report/html_text.h"

namespace recproc::report {
namespace {

// A report as report_json() writes it, trimmed to what the page reads; `extra` adds members.
std::string report(const std::string& errors, const std::string& extra = "") {
  return R"({"report_version": 1, "tool": "recproc 0.1.0", "command": "check",
    "status": "data_error", "exit_code": 1, "error": "too many <rejects> & more",
    "started_at": "2026-01-02T03:04:05Z", "duration_seconds": 1.5, "threads": 2,
    "policy": "skip", "schema": "s.json", "steps": [], "output": null,
    "output_published": false, "rejects": null, "records_in": 12345, "records_out": 12000,
    "records_dropped": 0, "records_rejected": 345, "blank_lines": 0, "bytes_in": 2000000,
    "bytes_out": 1900000, "throughput_mb_per_s": 1.3, "stopped_early": false,
    "stop_reason": null,
    "thresholds": [{"name": "max_rejects", "limit": 100, "value": 345, "passed": false}],
    "inputs": [{"path": "in.ndjson", "bytes": 2000000, "records_in": 12345,
                "records_out": 12000, "records_dropped": 0, "records_rejected": 345,
                "blank_lines": 0}],
    "errors": )" +
         errors + extra + "}";
}

const std::string kErrors = R"([
  {"path": "/pid", "rule": "#/properties/pid/type", "kind": "schema", "count": 300,
   "message": "expected integer, got string \"<script>alert(1)</script>\"",
   "examples": [{"file": "in.ndjson", "line": 7}, {"file": "in.ndjson", "line": 9}]},
  {"path": "/<~1td><td>x", "rule": "#/additionalProperties", "kind": "schema", "count": 45,
   "message": "unexpected field", "examples": [{"file": "-", "line": 3}]}])";

TEST(HtmlText, EscapesEverythingMarkupCouldUse) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlText, ShortensByCharactersNotBytes) {
  EXPECT_EQ(shorten("h\xC3\xA9llo", 2), "h\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(shorten("abc", 3), "abc");
}

TEST(HtmlText, Numbers) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(1234567), "1,234,567");
  EXPECT_EQ(percent(0), "0%");
  EXPECT_EQ(percent(1), "100%");
  EXPECT_EQ(percent(0.0123), "1.23%");
  EXPECT_EQ(percent(0.375), "37.5%");
  EXPECT_EQ(percent(0.00001), "<0.01%");
  EXPECT_EQ(display_number(-42), "-42");
  EXPECT_EQ(display_number(2.5), "2.5");
  EXPECT_EQ(human_bytes(950), "950 B");
  EXPECT_EQ(human_bytes(228063), "228.1 kB");
  EXPECT_EQ(human_bytes(2000000), "2.0 MB");
  EXPECT_EQ(html_breakable("#/properties/a.b"), "#/<wbr>properties/<wbr>a.<wbr>b");
}

TEST(HtmlReport, ShowsCountsStatusAndThresholds) {
  std::string page = html_report(report(kErrors), "r.json");
  EXPECT_NE(page.find("data-metric=\"records_in\"><div class=\"label\">Records in</div>"
                      "<div class=\"value\">12,345</div>"),
            std::string::npos);
  EXPECT_NE(page.find("<div class=\"value\">345</div>"), std::string::npos);
  EXPECT_NE(page.find("data-status=\"data_error\">Failed: bad records &middot; exit 1<"),
            std::string::npos);
  EXPECT_NE(page.find("<p class=\"banner\">too many &lt;rejects&gt; &amp; more</p>"),
            std::string::npos);
  EXPECT_NE(page.find("<td class=\"num\">100 rejected</td><td class=\"num\">345 rejected</td>"
                      "<td><span class=\"pill bad\">exceeded</span>"),
            std::string::npos);
  EXPECT_NE(page.find("<li class=\"mono\">in.ndjson:7</li><li class=\"mono\">in.ndjson:9</li>"),
            std::string::npos);
  EXPECT_NE(page.find("<li class=\"mono\">&lt;stdin&gt;:3</li>"), std::string::npos);
}

TEST(HtmlReport, DataNeverBecomesMarkup) {
  std::string page = html_report(report(kErrors), "r.json");
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("</td><td>x"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("<code>&lt;/<wbr>td&gt;&lt;td&gt;x</code>"), std::string::npos);
  // Only the page's own two scripts.
  std::size_t scripts = 0;
  for (std::size_t at = page.find("<script"); at != std::string::npos;
       at = page.find("<script", at + 1)) {
    ++scripts;
  }
  EXPECT_EQ(scripts, 2u);
}

TEST(HtmlReport, LoadsNothing) {
  std::string page = html_report(report(kErrors), "r.json");
  EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none';"),
            std::string::npos);
  for (const char* external : {"http://", "https://", "src=", "<link", "@import", "url("}) {
    EXPECT_EQ(page.find(external), std::string::npos) << external;
  }
}

TEST(HtmlReport, ChartBarsScaleToTheLargestGroup) {
  std::string page = html_report(report(kErrors), "r.json");
  // 300 of 300 fills the 490-unit track; 45 of 300 is 73.5 units.
  EXPECT_NE(page.find("class=\"bar-fill\" x=\"300\" y=\"12.0\" width=\"490.0\""),
            std::string::npos);
  EXPECT_NE(page.find("class=\"bar-fill\" x=\"300\" y=\"46.0\" width=\"73.5\""), std::string::npos);
}

TEST(HtmlReport, NoErrorsNoThresholds) {
  std::string json = report("[]");
  json.replace(json.find("[{\"name\": \"max_rejects\""),
               std::string("[{\"name\": \"max_rejects\", \"limit\": 100, \"value\": 345, "
                           "\"passed\": false}]")
                   .size(),
               "[]");
  std::string page = html_report(json, "r.json");
  EXPECT_NE(page.find("<p class=\"empty\">No bad records.</p>"), std::string::npos);
  EXPECT_NE(page.find("No threshold was set"), std::string::npos);
  EXPECT_EQ(page.find("<svg"), std::string::npos);
}

TEST(HtmlReport, ProfileOnlyWhenTheReportHasOne) {
  EXPECT_EQ(html_report(report(kErrors), "r.json").find("id=\"profile\""), std::string::npos);
  std::string page = html_report(
      report(kErrors, R"(, "profile": {"fields": [{"name": "host<b>", "count": 10, "nulls": 2,
        "missing": 1, "types": {"string": 8, "null": 2}, "length_min": 1, "length_max": 12,
        "distinct": 4, "top_values": [{"value": "<i>web</i>", "count": 5},
                                      {"value": "db", "count": 3}]}]})"),
      "r.json");
  EXPECT_NE(page.find("id=\"profile\""), std::string::npos);
  EXPECT_NE(page.find("data-field=\"host&lt;b&gt;\""), std::string::npos);
  EXPECT_NE(page.find("<span>Distinct (approx.)</span><span>4</span>"), std::string::npos);
  EXPECT_NE(page.find("<span>Length</span><span>1 \xE2\x80\x93 12</span>"), std::string::npos);
  EXPECT_NE(page.find("title=\"string: 80%\""), std::string::npos);
  EXPECT_NE(page.find("&lt;i&gt;web&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<i>web"), std::string::npos);
}

TEST(HtmlReport, RefusesWhatIsNotAReport) {
  try {
    html_report("{\"a\": ", "x.json");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("x.json: not a recproc report: invalid JSON", 0), 0u)
        << e.what();
  }
  try {
    html_report("{\"a\": 1}", "x.json");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "x.json: not a recproc report (no report_version or records_in)");
  }
}

}  // namespace
}  // namespace recproc::report
