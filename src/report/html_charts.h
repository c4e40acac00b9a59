// Inline SVG charts for the HTML report: no script draws them, so they show in any browser,
// in a mail client and when printed. Every label is escaped here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recproc::report {

/// One bar of a horizontal bar chart.
struct Bar {
  std::string label;     ///< left of the bar, shortened to fit
  std::string sublabel;  ///< smaller, under the label (may be empty)
  double value = 0;
  std::string value_text;  ///< right of the bar ("1,234")
  std::string tooltip;     ///< full text on hover
};

/// Horizontal bars scaled to the largest value, one row each, in the order given.
std::string bar_chart_svg(const std::vector<Bar>& bars, std::string_view aria_label);

/// One part of a stacked bar: a share of a whole.
struct Segment {
  std::string label;
  double value = 0;
  std::string css_class;  ///< colour, from the page's palette (t-string, t-null, ...)
};

/// A thin bar split into segments in proportion to their values, with a legend below it.
std::string stacked_bar_html(const std::vector<Segment>& segments, std::string_view aria_label);

}  // namespace recproc::report
