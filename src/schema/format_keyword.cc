#include "schema/format_keyword.h"

namespace recproc::schema {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads `n` ASCII digits at s[pos]; false if any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

// full-time = partial-time time-offset; a leap second (:60) is valid only when the time in UTC
// is 23:59:60 (RFC 3339 section 5.7), which the offset moves.
bool is_full_time(std::string_view s) {
  int hour, minute, second;
  if (s.size() < 9 || !read_digits(s, 0, 2, hour) || s[2] != ':' || !read_digits(s, 3, 2, minute) ||
      s[5] != ':' || !read_digits(s, 6, 2, second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  std::size_t pos = 8;
  if (s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  if (pos >= s.size()) return false;
  int offset_minutes = 0;
  const char z = s[pos];
  if (z == 'Z' || z == 'z') {
    if (pos + 1 != s.size()) return false;
  } else if (z == '+' || z == '-') {
    int oh, om;
    if (pos + 6 != s.size() || !read_digits(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return false;
    }
    offset_minutes = (z == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return false;
  }
  if (second == 60) {
    const int utc = ((hour * 60 + minute - offset_minutes) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

// dec-octet without leading zeros, 0..255.
bool read_octet(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  int v = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < 3) v = v * 10 + (s[pos++] - '0');
  const std::size_t n = pos - start;
  if (n == 0 || (n > 1 && s[start] == '0') || v > 255) return false;
  return pos == s.size() || !is_digit(s[pos]);
}

bool is_atext(char c) {
  if (is_alnum(c)) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!is_atext(s[i])) {
      return false;
    }
  }
  return true;
}

// Quoted-string of RFC 5321: printable ASCII, with backslash quoting any printable character.
bool is_quoted_local(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      ++i;
      if (i + 1 >= s.size() || s[i] < 0x20 || s[i] > 0x7e) return false;
    } else if (c < 0x20 || c > 0x7e || c == '"') {
      return false;
    }
  }
  return true;
}

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (label == 0 || label > 63 || s[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    if (!is_alnum(s[i]) && s[i] != '-') return false;
    if (label == 0 && s[i] == '-') return false;
    ++label;
  }
  return true;
}

}  // namespace

std::optional<Format> format_from_name(std::string_view name) {
  if (name == "date-time") return Format::kDateTime;
  if (name == "date") return Format::kDate;
  if (name == "time") return Format::kTime;
  if (name == "email") return Format::kEmail;
  if (name == "ipv4") return Format::kIpv4;
  if (name == "ipv6") return Format::kIpv6;
  if (name == "uuid") return Format::kUuid;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::kNone:
      return "";
    case Format::kDateTime:
      return "date-time";
    case Format::kDate:
      return "date";
    case Format::kTime:
      return "time";
    case Format::kEmail:
      return "email";
    case Format::kIpv4:
      return "ipv4";
    case Format::kIpv6:
      return "ipv6";
    case Format::kUuid:
      return "uuid";
  }
  return "";
}

bool check_format(Format format, std::string_view s) {
  switch (format) {
    case Format::kNone:
      return true;
    case Format::kDateTime:
      return is_date_time(s);
    case Format::kDate:
      return is_date(s);
    case Format::kTime:
      return is_time(s);
    case Format::kEmail:
      return is_email(s);
    case Format::kIpv4:
      return is_ipv4(s);
    case Format::kIpv6:
      return is_ipv6(s);
    case Format::kUuid:
      return is_uuid(s);
  }
  return false;
}

bool is_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || !read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, m) ||
      s[7] != '-' || !read_digits(s, 8, 2, d)) {
    return false;
  }
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool is_time(std::string_view s) { return is_full_time(s); }

bool is_date_time(std::string_view s) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) return false;
  return is_date(s.substr(0, 10)) && is_full_time(s.substr(11));
}

bool is_ipv4(std::string_view s) {
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') return false;
      ++pos;
    }
    if (!read_octet(s, pos)) return false;
  }
  return pos == s.size();
}

bool is_ipv6(std::string_view s) {
  int groups = 0;
  bool compressed = false;
  std::size_t pos = 0;
  if (s.substr(0, 2) == "::") {
    compressed = true;
    pos = 2;
    if (pos == s.size()) return true;
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (pos < s.size()) {
    // An embedded IPv4 address may only be the last 32 bits.
    const std::size_t group_start = pos;
    std::size_t n = 0;
    while (pos < s.size() && is_hex(s[pos]) && n < 5) {
      ++pos;
      ++n;
    }
    if (pos < s.size() && s[pos] == '.') {
      if (!is_ipv4(s.substr(group_start))) return false;
      groups += 2;
      pos = s.size();
      break;
    }
    if (n == 0 || n > 4) return false;
    ++groups;
    if (pos == s.size()) break;
    if (s[pos] != ':') return false;
    ++pos;
    if (pos < s.size() && s[pos] == ':') {
      if (compressed) return false;
      compressed = true;
      ++pos;
      if (pos == s.size()) break;
    } else if (pos == s.size()) {
      return false;  // a single trailing colon
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

bool is_email(std::string_view s) {
  const std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.front() == '"' ? !is_quoted_local(local) : !is_dot_atom(local)) return false;
  if (domain.front() == '[') {
    if (domain.back() != ']') return false;
    const std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.substr(0, 5) == "IPv6:") return is_ipv6(literal.substr(5));
    return is_ipv4(literal);
  }
  return is_hostname(domain);
}

}  // namespace recproc::schema
