#include "report/html_sections.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/error_text.h"
#include "report/html_charts.h"
#include "report/html_text.h"

namespace recproc::report {
namespace {

// The chart shows the largest groups; the table below it lists every group the report kept.
constexpr std::size_t kChartBars = 12;

std::string status_text(const std::string& status) {
  if (status == "success") return "Passed";
  if (status == "data_error") return "Failed: bad records";
  if (status == "io_error") return "Failed: I/O error";
  if (status == "usage_error") return "Failed: usage error";
  return status.empty() ? "Unknown" : status;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "2026-12-07T01:44:48Z" as "2026-12-07 01:44:48 UTC"; anything else as it is.
std::string readable_time(std::string iso) {
  if (iso.size() == 20 && iso[10] == 'T' && iso.back() == 'Z') {
    iso[10] = ' ';
    iso.pop_back();
    iso += " UTC";
  }
  return iso;
}

// One count card; `data-metric` names the report member, for tests and for readers' scripts.
std::string card(std::string_view metric, std::string_view label, std::uint64_t value,
                 std::string_view note, std::string_view extra_class = "",
                 std::string_view extra_html = "") {
  return "<div class=\"card " + std::string(extra_class) + "\" data-metric=\"" +
         std::string(metric) + "\"><div class=\"label\">" + html_escape(label) +
         "</div><div class=\"value\">" + grouped(value) + "</div><div class=\"note\">" +
         html_escape(note) + "</div>" + std::string(extra_html) + "</div>\n";
}

std::string field_name(const std::string& pointer) {
  // A no-break space keeps the placeholder on one line in a narrow column.
  return pointer.empty() ? "(whole\u00A0record)" : engine::pointer_to_dotted(pointer);
}

std::string where(element example) {
  std::string file = text_of(example, "file");
  return (file == "-" ? "<stdin>" : file) + ":" + std::to_string(count_of(example, "line"));
}

}  // namespace

std::string header_section(element r) {
  const std::string status = text_of(r, "status");
  const std::uint64_t exit_code = count_of(r, "exit_code");
  std::string o = "<header class=\"top\"><div><h1>recproc <span class=\"cmd\">" +
                  html_escape(text_of(r, "command")) + "</span> report</h1><p class=\"sub\">";
  o += "Started " + html_escape(readable_time(text_of(r, "started_at")));
  if (auto d = number_of(r, "duration_seconds")) {
    o += " &middot; " + (*d < 1 ? fixed(std::max(*d * 1000, 1.0), 0) + " ms" : fixed(*d, 2) + " s");
  }
  if (auto t = number_of(r, "throughput_mb_per_s")) o += " &middot; " + fixed(*t, 1) + " MB/s";
  o += " &middot; " + html_escape(text_of(r, "tool")) + "</p></div>";
  o += "<span class=\"badge " + std::string(status == "success" ? "ok" : "bad") +
       "\" data-status=\"" + html_escape(status) + "\">" + html_escape(status_text(status)) +
       " &middot; exit " + std::to_string(exit_code) + "</span></header>\n";
  std::string error = text_of(r, "error");
  if (!error.empty()) o += "<p class=\"banner\">" + html_escape(error) + "</p>\n";
  return o;
}

std::string count_cards(element r) {
  const std::uint64_t in = count_of(r, "records_in");
  const std::uint64_t rejected = count_of(r, "records_rejected");
  const double share = in > 0 ? static_cast<double>(rejected) / static_cast<double>(in) : 0;
  std::string o = "<section class=\"cards\">\n";
  std::string blank = count_of(r, "blank_lines") > 0
                          ? grouped(count_of(r, "blank_lines")) + " blank lines skipped"
                          : human_bytes(count_of(r, "bytes_in")) + " read";
  o += card("records_in", "Records in", in, blank);
  o += card("records_out", "Written", count_of(r, "records_out"),
            human_bytes(count_of(r, "bytes_out")) + " written");
  o += card("records_dropped", "Filtered out", count_of(r, "records_dropped"),
            "dropped by a step on purpose");
  o += card(
      "records_rejected", "Rejected", rejected, percent(share) + " of records in",
      rejected == 0 ? "rejected zero" : "rejected",
      "<div class=\"meter\"><span style=\"width:" + fixed(share * 100, 2) + "%\"></span></div>");
  simdjson::dom::array groups;
  auto errors = member(r, "errors");
  const std::size_t group_count = errors && !errors->get_array().get(groups) ? groups.size() : 0;
  o += card("error_groups", "Error groups", group_count, "distinct field and rule");
  return o + "</section>\n";
}

std::string thresholds_section(element r) {
  std::string o = "<section class=\"panel\" id=\"thresholds\"><h2>Thresholds</h2>\n";
  simdjson::dom::array items;
  auto m = member(r, "thresholds");
  if (!m || m->get_array().get(items) || items.size() == 0) {
    return o +
           "<p class=\"empty\">No threshold was set (<code>--max-rejects</code>, "
           "<code>--max-reject-rate</code>).</p></section>\n";
  }
  o += "<table><thead><tr><th>Threshold</th><th class=\"num\">Limit</th><th class=\"num\">"
       "This run</th><th>Result</th></tr></thead><tbody>\n";
  for (element t : items) {
    const std::string name = text_of(t, "name");
    const bool rate = name == "max_reject_rate";
    auto show = [&](std::optional<double> v) {
      if (!v) return std::string("&ndash;");
      return html_escape(rate ? percent(*v)
                              : grouped(static_cast<std::uint64_t>(*v)) + " rejected");
    };
    const bool passed = flag_of(t, "passed");
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    o += "<tr data-threshold=\"" + html_escape(name) + "\"><td><code>--" + html_escape(flag) +
         "</code></td><td class=\"num\">" + show(number_of(t, "limit")) +
         "</td><td class=\"num\">" + show(number_of(t, "value")) + "</td><td><span class=\"pill " +
         (passed ? "ok\">passed" : "bad\">exceeded") + "</span></td></tr>\n";
  }
  return o + "</tbody></table></section>\n";
}

std::string errors_section(element r) {
  std::string o = "<section class=\"panel\" id=\"errors\"><h2>Errors by field and rule</h2>\n";
  simdjson::dom::array groups;
  auto m = member(r, "errors");
  if (!m || m->get_array().get(groups) || groups.size() == 0) {
    return o + "<p class=\"empty\">No bad records.</p></section>\n";
  }
  std::vector<element> sorted(groups.begin(), groups.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](element a, element b) {
    return count_of(a, "count") > count_of(b, "count");
  });
  std::vector<Bar> bars;
  for (std::size_t i = 0; i < sorted.size() && i < kChartBars; ++i) {
    element g = sorted[i];
    Bar b;
    b.label = field_name(text_of(g, "path"));
    b.sublabel = text_of(g, "rule");
    b.value = static_cast<double>(count_of(g, "count"));
    b.value_text = grouped(count_of(g, "count"));
    b.tooltip = b.label + " (" + b.sublabel + "): " + b.value_text + " - " + text_of(g, "message");
    bars.push_back(std::move(b));
  }
  o += bar_chart_svg(bars, "Bad records per field and rule");
  if (sorted.size() > kChartBars) {
    o += "<p class=\"muted\">The chart shows the " + std::to_string(kChartBars) + " largest of " +
         std::to_string(sorted.size()) + " groups; the table lists all.</p>\n";
  }
  o += "<table class=\"sortable\" id=\"error-table\"><thead><tr><th data-sort=\"number\" "
       "class=\"num\">Count</th><th data-sort=\"text\">Field</th><th data-sort=\"text\">Rule"
       "</th><th data-sort=\"text\">Kind</th><th data-sort=\"text\">First message</th>"
       "<th data-sort=\"text\">First examples</th></tr></thead><tbody>\n";
  for (element g : groups) {
    o += "<tr><td class=\"num\">" + grouped(count_of(g, "count")) + "</td><td><code>" +
         html_breakable(field_name(text_of(g, "path"))) + "</code></td><td><code>" +
         html_breakable(text_of(g, "rule")) + "</code></td><td><span class=\"pill kind\">" +
         html_escape(text_of(g, "kind")) + "</span></td><td>" + html_escape(text_of(g, "message")) +
         "</td><td><ul class=\"plain where\">";
    simdjson::dom::array examples;
    auto ex = member(g, "examples");
    if (ex && !ex->get_array().get(examples)) {
      for (element e : examples) o += "<li class=\"mono\">" + html_escape(where(e)) + "</li>";
    }
    o += "</ul></td></tr>\n";
  }
  return o + "</tbody></table></section>\n";
}

std::string inputs_section(element r) {
  simdjson::dom::array inputs;
  auto m = member(r, "inputs");
  if (!m || m->get_array().get(inputs) || inputs.size() == 0) return "";
  std::string o =
      "<section class=\"panel\" id=\"inputs\"><h2>Inputs</h2>\n<table class=\"sortable\">"
      "<thead><tr><th data-sort=\"text\">File</th><th data-sort=\"number\" class=\"num\">Bytes"
      "</th><th data-sort=\"number\" class=\"num\">Records in</th><th data-sort=\"number\" "
      "class=\"num\">Written</th><th data-sort=\"number\" class=\"num\">Filtered out</th>"
      "<th data-sort=\"number\" class=\"num\">Rejected</th></tr></thead><tbody>\n";
  for (element in : inputs) {
    std::string path = text_of(in, "path");
    o += "<tr><td><code>" + html_escape(path == "-" ? "<stdin>" : path) + "</code></td>";
    for (const char* key :
         {"bytes", "records_in", "records_out", "records_dropped", "records_rejected"}) {
      o += "<td class=\"num\">" + grouped(count_of(in, key)) + "</td>";
    }
    o += "</tr>\n";
  }
  return o + "</tbody></table></section>\n";
}

std::string details_section(element r) {
  std::string o = "<section class=\"panel\" id=\"details\"><h2>How it ran</h2><dl class=\"facts\">";
  auto fact = [&](std::string_view label, const std::string& value, bool code = true) {
    if (value.empty()) return;
    o += "<dt>" + std::string(label) + "</dt><dd>" + (code ? "<code>" : "") + html_escape(value) +
         (code ? "</code>" : "") + "</dd>";
  };
  fact("On error", text_of(r, "policy"));
  fact("Schema", text_of(r, "schema"));
  simdjson::dom::array steps;
  auto m = member(r, "steps");
  if (m && !m->get_array().get(steps) && steps.size() > 0) {
    o += "<dt>Steps</dt><dd><ol class=\"plain\">";
    for (element s : steps) o += "<li><code>" + html_escape(scalar_text(s)) + "</code></li>";
    o += "</ol></dd>";
  }
  std::string output = text_of(r, "output");
  if (!output.empty()) {
    fact("Output", (output == "-" ? std::string("<stdout>") : output) +
                       (flag_of(r, "output_published") ? "" : " (not published)"));
  }
  fact("Rejects", text_of(r, "rejects"));
  fact("Stopped early", text_of(r, "stop_reason"), false);
  if (auto t = number_of(r, "threads")) fact("Threads", display_number(*t), false);
  return o + "</dl></section>\n";
}

}  // namespace recproc::report
