#include "report/check_summary.h"

#include "engine/error_text.h"

namespace recproc::report {

std::string check_summary(const engine::RunStats& s) {
  if (s.records_rejected == 0) {
    return "check passed: " + std::to_string(s.records_in) + " records, all valid\n";
  }
  std::string out = "check failed: " + std::to_string(s.records_rejected) + " of " +
                    std::to_string(s.records_in) + " records are invalid\n";
  for (const auto& g : s.error_groups) {
    out += "  " + std::to_string(g.count) + "x ";
    if (!g.field.empty()) out += "field \"" + engine::pointer_to_dotted(g.field) + "\": ";
    out += g.first_reason;
    if (!g.examples.empty()) {
      out += " (first at " + engine::display_path(g.examples[0].first) + ":" +
             std::to_string(g.examples[0].second) + ")";
    }
    out += "\n";
  }
  return out;
}

}  // namespace recproc::report
