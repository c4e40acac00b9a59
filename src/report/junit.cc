#include <algorithm>

#include "engine/error_text.h"
#include "report/run_report.h"

namespace recproc::report {
namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += "?";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string case_name(const engine::ErrorGroup& g) {
  if (g.field.empty()) return g.rule;
  return g.rule + " (" + engine::pointer_to_dotted(g.field) + ")";
}

}  // namespace

std::string junit_xml(const engine::RunStats& s, const std::vector<std::string>& rules,
                      const RunContext& ctx) {
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<testsuites name=\"recproc " + xml_escape(ctx.command) + "\" time=\"" +
       std::to_string(s.elapsed.count()) + "\">\n";
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    const auto& in = s.inputs[i];
    // Rules that passed are cases without failures; each failing field+rule is a failed case.
    std::vector<std::string> passed;
    std::vector<const engine::ErrorGroup*> failed;
    for (const auto& g : s.error_groups) {
      if (g.count_per_input.size() > i && g.count_per_input[i] > 0) failed.push_back(&g);
    }
    for (const auto& rule : rules) {
      bool any = std::any_of(failed.begin(), failed.end(),
                             [&](const engine::ErrorGroup* g) { return g->rule == rule; });
      if (!any) passed.push_back(rule);
    }
    std::string name = engine::display_path(in.path);
    o += "  <testsuite name=\"" + xml_escape(name) + "\" tests=\"" +
         std::to_string(passed.size() + failed.size()) + "\" failures=\"" +
         std::to_string(failed.size()) + "\" errors=\"0\">\n";
    o += "    <properties><property name=\"records_in\" value=\"" +
         std::to_string(in.records_in) + "\"/><property name=\"records_rejected\" value=\"" +
         std::to_string(in.records_rejected) + "\"/></properties>\n";
    for (const auto& rule : passed) {
      o += "    <testcase classname=\"" + xml_escape(name) + "\" name=\"" + xml_escape(rule) +
           "\"/>\n";
    }
    for (const engine::ErrorGroup* g : failed) {
      std::uint64_t count = g->count_per_input[i];
      std::string message = std::to_string(count) + " record" + (count == 1 ? "" : "s") +
                            " failed: " + g->first_reason;
      std::string body;
      for (const auto& [file, line] : g->examples) {
        if (file == in.path) body += engine::display_path(file) + ":" + std::to_string(line) + "\n";
      }
      o += "    <testcase classname=\"" + xml_escape(name) + "\" name=\"" +
           xml_escape(case_name(*g)) + "\">\n      <failure message=\"" + xml_escape(message) +
           "\" type=\"" + xml_escape(error_kind_name(g->kind)) + "\">" + xml_escape(body) +
           "</failure>\n    </testcase>\n";
    }
    o += "  </testsuite>\n";
  }
  o += "</testsuites>\n";
  return o;
}

}  // namespace recproc::report
