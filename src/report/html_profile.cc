// The field profile section, drawn from the report's `profile` member when there is one. The
// member is read forgivingly (docs/report.md lists the names looked for): a field shows the
// figures it has and leaves out the rest.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "report/html_charts.h"
#include "report/html_sections.h"
#include "report/html_text.h"

namespace recproc::report {
namespace {

constexpr std::size_t kTopValues = 5;

// `profile` may be {"fields": [...]}, [...] or {"name": {...}, ...}; each field is an object.
std::vector<std::pair<std::string, element>> profile_fields(element profile) {
  std::vector<std::pair<std::string, element>> out;
  element list = profile;
  if (auto f = member(profile, "fields")) list = *f;
  simdjson::dom::array arr;
  simdjson::dom::object obj;
  if (!list.get_array().get(arr)) {
    for (element f : arr) {
      std::string name = text_of(f, "name");
      if (name.empty()) name = text_of(f, "path");
      if (name.empty()) name = text_of(f, "field");
      out.emplace_back(name, f);
    }
  } else if (!list.get_object().get(obj)) {
    for (auto [key, value] : obj) {
      if (value.is_object()) out.emplace_back(std::string(key), value);
    }
  }
  return out;
}

std::string stat_row(std::string_view label, const std::string& value) {
  if (value.empty()) return "";
  return "<span>" + std::string(label) + "</span><span>" + html_escape(value) + "</span>";
}

std::string scalar_member(element f, std::initializer_list<std::string_view> keys) {
  auto m = member_of(f, keys);
  return m ? scalar_text(*m) : "";
}

std::string range(element f, std::initializer_list<std::string_view> min_keys,
                  std::initializer_list<std::string_view> max_keys) {
  std::string lo = scalar_member(f, min_keys);
  std::string hi = scalar_member(f, max_keys);
  if (lo.empty() && hi.empty()) return "";
  return (lo.empty() ? "?" : lo) + " \xE2\x80\x93 " + (hi.empty() ? "?" : hi);
}

// "types": {"string": 90, "null": 10} or ["string", "null"] (seen, without counts).
std::string type_mix(element f) {
  auto types = member(f, "types");
  if (!types) return "";
  std::vector<Segment> segments;
  simdjson::dom::object obj;
  simdjson::dom::array arr;
  if (!types->get_object().get(obj)) {
    for (auto [type, count] : obj) {
      double n = 0;
      if (count.is_number() && !count.get_double().get(n)) {
        segments.push_back({std::string(type), n, "t-" + std::string(type)});
      }
    }
    return "<h4 class=\"muted\">Types</h4>" + stacked_bar_html(segments, "Type mix");
  }
  if (types->get_array().get(arr)) return "";
  std::string seen;
  for (element t : arr) seen += (seen.empty() ? "" : ", ") + scalar_text(t);
  return stat_row("Types", seen);
}

std::string null_rate(element f, std::uint64_t records) {
  auto nulls = number_of(f, "nulls");
  auto missing = number_of(f, "missing");
  if (!nulls && !missing) return "";
  double total = static_cast<double>(records);
  if (auto c = number_of(f, "count")) total = std::max(total, *c);
  double n = nulls.value_or(0), m = missing.value_or(0);
  double present = std::max(0.0, total - n - m);
  return "<h4 class=\"muted\">Values</h4>" + stacked_bar_html({{"present", present, "t-present"},
                                                               {"null", n, "t-null"},
                                                               {"missing", m, "t-missing"}},
                                                              "Null and missing rate");
}

// "top_values": [{"value": v, "count": n}, ...] or [[v, n], ...].
std::string top_values(element f) {
  auto top = member_of(f, {"top_values", "top"});
  simdjson::dom::array arr;
  if (!top || top->get_array().get(arr) || arr.size() == 0) return "";
  std::vector<std::pair<std::string, double>> values;
  for (element item : arr) {
    simdjson::dom::array pair;
    if (!item.get_array().get(pair) && pair.size() == 2) {
      double n = 0;
      if (pair.at(1).get_double().get(n)) n = 0;
      values.emplace_back(scalar_text(pair.at(0).value_unsafe()), n);
    } else if (auto v = member(item, "value")) {
      values.emplace_back(scalar_text(*v), number_of(item, "count").value_or(0));
    }
    if (values.size() == kTopValues) break;
  }
  double max = 1;
  for (const auto& [_, n] : values) max = std::max(max, n);
  std::string o = "<h4 class=\"muted\">Top values</h4><ul class=\"top-values\">";
  for (const auto& [value, n] : values) {
    char width[16];
    std::snprintf(width, sizeof width, "%.1f", 100.0 * n / max);
    o += "<li><span class=\"v mono\" title=\"" + html_escape(value) + "\">" +
         html_escape(shorten(value, 40)) +
         "</span><span class=\"track\"><span style=\"width:" + width +
         "%\"></span></span><span class=\"c\">" + display_number(n) + "</span></li>";
  }
  return o + "</ul>";
}

}  // namespace

std::string profile_section(element r) {
  auto profile = member(r, "profile");
  if (!profile) return "";
  auto fields = profile_fields(*profile);
  std::string o = "<section class=\"panel\" id=\"profile\"><h2>Field profile</h2>\n";
  if (fields.empty()) return o + "<p class=\"empty\">No fields were profiled.</p></section>\n";
  // Shares of the records profiled (those written) when the profile says how many; the records
  // read also count the rejected ones, which are not in the profile.
  std::uint64_t records = count_of(r, "records_in");
  if (auto n = number_of(*profile, "records")) records = static_cast<std::uint64_t>(*n);
  o += "<div class=\"profile\">\n";
  for (const auto& [name, f] : fields) {
    o += "<div class=\"field\" data-field=\"" + html_escape(name) + "\"><h3><code>" +
         html_escape(name) + "</code></h3><div class=\"stats\">";
    o += stat_row("Count", scalar_member(f, {"count"}));
    o += stat_row("Nulls", scalar_member(f, {"nulls"}));
    o += stat_row("Missing", scalar_member(f, {"missing"}));
    o += stat_row("Distinct (approx.)",
                  scalar_member(f, {"distinct", "distinct_estimate", "approx_distinct"}));
    o += stat_row("Min \xE2\x80\x93 max", range(f, {"min"}, {"max"}));
    o += stat_row("Length", range(f, {"length_min", "min_length"}, {"length_max", "max_length"}));
    std::string mix = type_mix(f);
    const bool inline_types = mix.rfind("<span>", 0) == 0;
    if (inline_types) o += mix;
    o += "</div>";
    if (!inline_types) o += mix;
    o += null_rate(f, records) + top_values(f) + "</div>\n";
  }
  return o + "</div></section>\n";
}

}  // namespace recproc::report
