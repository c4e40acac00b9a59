#include "schema/cast.h"

#include <cmath>
#include <cstdio>

#include "schema/json_compare.h"
#include "schema/schema_node.h"

namespace recproc::schema {
namespace {

constexpr std::uint8_t kStringCastTargets = kTypeNull | kTypeBoolean | kTypeInteger | kTypeNumber;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ascii_nocase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != lower[i]) return false;
  }
  return true;
}

void append_names(std::string& out, std::uint8_t types) {
  // Null last: "integer or null" reads better than "null or integer".
  static constexpr std::pair<std::uint8_t, std::string_view> kOrder[] = {
      {kTypeString, "string"},   {kTypeInteger, "integer"}, {kTypeNumber, "number"},
      {kTypeBoolean, "boolean"}, {kTypeObject, "object"},   {kTypeArray, "array"},
      {kTypeNull, "null"}};
  int total = 0;
  for (const auto& [bit, name] : kOrder) total += (types & bit) != 0;
  int done = 0;
  for (const auto& [bit, name] : kOrder) {
    if (!(types & bit)) continue;
    if (done > 0) out += done + 1 == total ? " or " : ", ";
    out.append(name);
    ++done;
  }
}

}  // namespace

bool cast_applies(NodeKind kind, std::uint8_t types) {
  if (kind == NodeKind::kString) return (types & kStringCastTargets) != 0;
  if (kind == NodeKind::kNumber) return (types & kTypeString) != 0;
  return false;
}

bool normalize_number(std::string_view s, bool integer, std::string& out) {
  s = trim(s);
  out.clear();
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') out += '-';
    ++i;
  }
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == int_start) return false;
  std::size_t first = int_start;  // drop leading zeros, keep one digit
  while (first + 1 < i && s[first] == '0') ++first;
  out.append(s.substr(first, i - first));
  bool plain = true;
  if (i < s.size() && s[i] == '.') {
    plain = false;
    const std::size_t frac = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == frac) return false;
    out += '.';
    out.append(s.substr(frac, i - frac));
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    plain = false;
    out += 'e';
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) out += s[i++];
    const std::size_t exp = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == exp) return false;
    out.append(s.substr(exp, i - exp));
  }
  if (i != s.size()) return false;
  if (!integer || plain) return true;
  // "1.0", "1e3" as an integer: only when integral and exactly representable.
  const double v = number_value(out);
  if (!std::isfinite(v) || std::floor(v) != v || std::fabs(v) > 9007199254740992.0) return false;
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.0f", v);
  out.assign(buf, static_cast<std::size_t>(n));
  if (out == "-0") out = "0";
  return true;
}

// Hot when --cast is on: runs for every CSV field whose schema type is not string.
bool cast_value(Record& record, NodeId v, std::uint8_t types, std::string& scratch) {
  Node& node = record.mutable_node(v);
  if (node.kind == NodeKind::kNumber) {
    if (!(types & kTypeString)) return false;
    node.kind = NodeKind::kString;  // a number token is valid string contents as it is
    node.has_escapes = false;
    return true;
  }
  if (node.kind != NodeKind::kString) return false;
  std::string decoded;  // empty unless the string has escapes (rare for numbers)
  const std::string_view text = node.has_escapes ? record.string_value(v, decoded) : node.text;
  if ((types & kTypeNull) && text.empty()) {
    node.kind = NodeKind::kNull;
    node.text = {};
    node.has_escapes = false;
    return true;
  }
  if (types & (kTypeInteger | kTypeNumber)) {
    const bool integer_only = !(types & kTypeNumber);
    if (normalize_number(text, integer_only, scratch)) {
      // Reuse the input bytes when the string already is the token (the common "123").
      node.text = (scratch == text && !node.has_escapes) ? node.text : record.own(scratch);
      node.kind = NodeKind::kNumber;
      node.has_escapes = false;
      return true;
    }
  }
  if (types & kTypeBoolean) {
    const std::string_view t = trim(text);
    const bool is_true = equals_ascii_nocase(t, "true");
    if (is_true || equals_ascii_nocase(t, "false")) {
      node.kind = NodeKind::kBool;
      node.bool_value = is_true;
      node.text = {};
      node.has_escapes = false;
      return true;
    }
  }
  return false;
}

std::string type_list(std::uint8_t types) {
  std::string out;
  append_names(out, types);
  return out;
}

std::string cast_target_list(std::uint8_t types) {
  return type_list(static_cast<std::uint8_t>(types & kStringCastTargets));
}

}  // namespace recproc::schema
