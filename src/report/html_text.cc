#include "report/html_text.h"

#include <cmath>
#include <cstdio>
#include <iterator>

namespace recproc::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string html_breakable(std::string_view text) {
  std::string out;
  for (char c : html_escape(text)) {
    out.push_back(c);
    if (c == '/' || c == '.') out += "<wbr>";
  }
  return out;
}

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB"};
  if (bytes < 1000) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes) / 1000.0;
  std::size_t unit = 0;
  while (v >= 1000.0 && unit + 1 < std::size(kUnits)) {
    v /= 1000.0;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, kUnits[unit]);
  return buf;
}

std::string shorten(std::string_view utf8, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    // A UTF-8 continuation byte (10xxxxxx) never starts a character.
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return std::string(utf8.substr(0, i)) + "\xE2\x80\xA6";
    ++chars;
  }
  return std::string(utf8);
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string percent(double share) {
  const double p = share * 100.0;
  if (p > 0 && p < 0.01) return "<0.01%";
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 10 ? "%.2f" : "%.1f", p);
  // 50.0 -> 50, 1.20 -> 1.2: trailing zeros say nothing.
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  return out + "%";
}

std::string display_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    std::string sign = v < 0 ? "-" : "";
    return sign + grouped(static_cast<std::uint64_t>(std::fabs(v)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace recproc::report
