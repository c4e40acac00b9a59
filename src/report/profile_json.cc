#include "report/profile_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "recproc/record.h"
#include "report/utf8_text.h"

namespace recproc::report {
namespace {

// Top values listed per field: the HTML page draws five; a few more help when reading the JSON.
constexpr std::size_t kTopValues = 10;

std::string quoted(std::string_view s) {
  std::string valid;
  to_valid_utf8(s, valid);  // a value cut at kMaxText bytes may end inside a character
  std::string out = "\"";
  append_json_escaped(out, valid);
  return out + '"';
}

// Integers as integers; other numbers as short as they read back.
std::string number(double v) {
  char buf[64];
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// The profile keeps strings as written in the input (escaped); a string cut for display may
// end inside an escape, which is then dropped.
std::string unescaped(std::string_view escaped) {
  std::string out;
  while (!decode_json_string(escaped, out)) {
    out.clear();
    const std::size_t cut = escaped.rfind('\\');
    if (cut == std::string_view::npos) return std::string(escaped);
    escaped = escaped.substr(0, cut);
  }
  return out;
}

std::string value_json(const profile::TopValue& v) {
  if (v.kind != NodeKind::kString) return v.text;  // a number token, true or false
  std::string text = unescaped(v.text);
  return quoted(v.truncated ? text + "\xE2\x80\xA6" : text);
}

std::string types_json(const profile::FieldStats& f) {
  std::string out = "{";
  for (std::size_t k = 0; k < f.types.size(); ++k) {
    if (f.types[k] == 0) continue;
    if (out.size() > 1) out += ", ";
    out += quoted(kind_name(static_cast<NodeKind>(k))) + ": " + std::to_string(f.types[k]);
  }
  return out + "}";
}

std::string field_json(const profile::FieldStats& f, std::uint64_t records) {
  std::string o = "{\"name\": " + quoted(f.name) + ", \"count\": " + std::to_string(f.count) +
                  ", \"nulls\": " + std::to_string(f.nulls) +
                  ", \"missing\": " + std::to_string(records >= f.count ? records - f.count : 0) +
                  ", \"types\": " + types_json(f);
  // Numbers give the range when there are any; else strings that look like dates.
  if (f.has_number) {
    o += ", \"min\": " + number(f.number_min) + ", \"max\": " + number(f.number_max);
  } else if (!f.date_min.empty()) {
    o += ", \"min\": " + quoted(unescaped(f.date_min)) +
         ", \"max\": " + quoted(unescaped(f.date_max));
  }
  if (f.has_length) {
    o += ", \"length_min\": " + std::to_string(f.length_min) +
         ", \"length_max\": " + std::to_string(f.length_max);
  }
  const auto top = f.values.top(kTopValues);
  if (!top.empty()) {
    // An estimate can overshoot; never more distinct values than values.
    const std::uint64_t values = f.types[static_cast<std::size_t>(NodeKind::kString)] +
                                 f.types[static_cast<std::size_t>(NodeKind::kNumber)] +
                                 f.types[static_cast<std::size_t>(NodeKind::kBool)];
    o += ", \"distinct\": " + std::to_string(std::min(f.values.distinct(), values));
    if (f.values.sampled()) o += ", \"top_values_sampled\": true";
    o += ", \"top_values\": [";
    for (std::size_t i = 0; i < top.size(); ++i) {
      o += std::string(i ? ", " : "") + "{\"value\": " + value_json(top[i]) +
           ", \"count\": " + std::to_string(top[i].count) + "}";
    }
    o += "]";
  }
  return o + "}";
}

}  // namespace

std::string profile_json(const profile::FieldProfile& p) {
  std::string o = "{\"records\": " + std::to_string(p.records()) +
                  ", \"fields_not_profiled\": " + std::to_string(p.fields_not_profiled()) +
                  ", \"fields\": [";
  const auto& fields = p.fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    o += std::string(i ? "," : "") + "\n    " + field_json(fields[i], p.records());
  }
  return o + (fields.empty() ? "]}" : "\n  ]}");
}

}  // namespace recproc::report
