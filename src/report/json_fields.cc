#include "report/json_fields.h"

#include "report/html_text.h"

namespace recproc::report {

std::optional<element> member(element v, std::string_view key) {
  simdjson::dom::object obj;
  if (v.get_object().get(obj)) return std::nullopt;
  element out;
  if (obj.at_key(key).get(out) || out.is_null()) return std::nullopt;
  return out;
}

std::optional<element> member_of(element v, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (auto m = member(v, k)) return m;
  }
  return std::nullopt;
}

std::string text_of(element v, std::string_view key) {
  auto m = member(v, key);
  std::string_view s;
  if (!m || m->get_string().get(s)) return "";
  return std::string(s);
}

std::optional<double> number_of(element v, std::string_view key) {
  auto m = member(v, key);
  double d = 0;
  if (!m || !m->is_number() || m->get_double().get(d)) return std::nullopt;
  return d;
}

std::uint64_t count_of(element v, std::string_view key) {
  auto d = number_of(v, key);
  return d && *d > 0 ? static_cast<std::uint64_t>(*d) : 0;
}

bool flag_of(element v, std::string_view key) {
  auto m = member(v, key);
  bool b = false;
  return m && !m->get_bool().get(b) && b;
}

std::string scalar_text(element v) {
  std::string_view s;
  if (!v.get_string().get(s)) return std::string(s);
  double d = 0;
  if (v.is_number() && !v.get_double().get(d)) return display_number(d);
  return simdjson::minify(v);
}

}  // namespace recproc::report
