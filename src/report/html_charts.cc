#include "report/html_charts.h"

#include <algorithm>
#include <cstdio>

#include "report/html_text.h"

namespace recproc::report {
namespace {

// Chart geometry in SVG user units; the SVG scales to the page width (viewBox).
constexpr int kWidth = 880;
constexpr int kLabelWidth = 300;
constexpr int kValueWidth = 90;
constexpr int kRowHeight = 34;
constexpr int kBarHeight = 18;
constexpr std::size_t kLabelChars = 40;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string bar_chart_svg(const std::vector<Bar>& bars, std::string_view aria_label) {
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  const int height = static_cast<int>(bars.size()) * kRowHeight + 8;
  const double track = kWidth - kLabelWidth - kValueWidth;
  std::string o = "<svg class=\"chart\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                  std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                  html_escape(aria_label) + "\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = 4 + static_cast<double>(i) * kRowHeight;
    // A bar that is not zero stays visible however small it is next to the largest.
    double w = max > 0 ? track * b.value / max : 0;
    if (b.value > 0) w = std::max(w, 2.0);
    const double bar_y = y + (kRowHeight - kBarHeight) / 2.0;
    o += "<g class=\"bar\"><title>" + html_escape(b.tooltip) + "</title>";
    const bool two_lines = !b.sublabel.empty();
    o += "<text class=\"bar-label\" x=\"" + std::to_string(kLabelWidth - 12) + "\" y=\"" +
         num(y + (two_lines ? 14 : 21)) + "\" text-anchor=\"end\">" +
         html_escape(shorten(b.label, kLabelChars)) + "</text>";
    if (two_lines) {
      o += "<text class=\"bar-sublabel\" x=\"" + std::to_string(kLabelWidth - 12) + "\" y=\"" +
           num(y + 28) + "\" text-anchor=\"end\">" +
           html_escape(shorten(b.sublabel, kLabelChars + 8)) + "</text>";
    }
    o += "<rect class=\"bar-track\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + num(bar_y) +
         "\" width=\"" + num(track) + "\" height=\"" + std::to_string(kBarHeight) + "\" rx=\"3\"/>";
    o += "<rect class=\"bar-fill\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + num(bar_y) +
         "\" width=\"" + num(w) + "\" height=\"" + std::to_string(kBarHeight) + "\" rx=\"3\"/>";
    o += "<text class=\"bar-value\" x=\"" + num(kLabelWidth + w + 8) + "\" y=\"" +
         num(bar_y + 13.5) + "\">" + html_escape(b.value_text) + "</text></g>\n";
  }
  return o + "</svg>\n";
}

std::string stacked_bar_html(const std::vector<Segment>& segments, std::string_view aria_label) {
  double total = 0;
  for (const Segment& s : segments) total += std::max(0.0, s.value);
  std::string bar =
      "<div class=\"stack\" role=\"img\" aria-label=\"" + html_escape(aria_label) + "\">";
  std::string legend = "<ul class=\"legend\">";
  for (const Segment& s : segments) {
    if (s.value <= 0) continue;
    const double share = total > 0 ? s.value / total : 0;
    bar += "<span class=\"seg " + html_escape(s.css_class) +
           "\" style=\"width:" + num(share * 100) + "%\" title=\"" + html_escape(s.label) + ": " +
           html_escape(percent(share)) + "\"></span>";
    legend += "<li><span class=\"dot " + html_escape(s.css_class) + "\"></span>" +
              html_escape(s.label) + " <b>" + html_escape(percent(share)) + "</b></li>";
  }
  return bar + "</div>" + legend + "</ul>";
}

}  // namespace recproc::report
