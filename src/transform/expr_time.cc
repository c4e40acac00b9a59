#include "transform/expr_time.h"

#include <cmath>

namespace recproc::transform::expr {

namespace {

// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z as seconds since the epoch.
constexpr std::int64_t kMinSeconds = -62167219200;
constexpr std::int64_t kEndSeconds = 253402300800;

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > s.size()) return false;
  out = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[pos + static_cast<std::size_t>(k)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// Zone suffix: Z, +HH, +HHMM, +HH:MM. Sets the offset east of UTC in seconds.
bool parse_zone(std::string_view s, std::size_t& pos, std::int64_t& offset) {
  offset = 0;
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return ++pos == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int hh = 0, mm = 0;
  if (!digits(s, pos, 2, hh)) return false;
  if (pos < s.size()) {
    expect(s, pos, ':');
    if (!digits(s, pos, 2, mm)) return false;
  }
  if (hh > 23 || mm > 59 || pos != s.size()) return false;
  offset = sign * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

std::optional<Instant> parse_iso8601(std::string_view s) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::uint32_t nanos = 0;
  if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) ||
      !expect(s, pos, '-') || !digits(s, pos, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute)) {
      return std::nullopt;
    }
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::size_t start = pos;
        std::uint32_t scale = 100000000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          nanos += static_cast<std::uint32_t>(s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    // A leap second (23:59:60) is read as the first instant of the next minute.
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  std::int64_t offset = 0;
  if (!parse_zone(s, pos, offset)) return std::nullopt;
  std::int64_t secs =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (secs < kMinSeconds || secs >= kEndSeconds) return std::nullopt;
  return Instant{secs, nanos};
}

std::optional<Instant> instant_from_seconds(double seconds) {
  if (!std::isfinite(seconds)) return std::nullopt;
  double whole = std::floor(seconds);
  if (whole < static_cast<double>(kMinSeconds) || whole >= static_cast<double>(kEndSeconds)) {
    return std::nullopt;
  }
  auto nanos = static_cast<std::uint32_t>(std::llround((seconds - whole) * 1e9));
  auto secs = static_cast<std::int64_t>(whole);
  if (nanos >= 1000000000u) {
    nanos -= 1000000000u;
    ++secs;
  }
  if (secs >= kEndSeconds) return std::nullopt;
  return Instant{secs, nanos};
}

std::optional<Instant> instant_from_int(std::int64_t seconds) {
  if (seconds < kMinSeconds || seconds >= kEndSeconds) return std::nullopt;
  return Instant{seconds, 0};
}

CivilTime to_civil(std::int64_t seconds) {
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rem = seconds - days * 86400;
  // Hinnant's civil_from_days.
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

std::size_t format_iso8601(const Instant& t, char* out) {
  CivilTime c = to_civil(t.seconds);
  char* p = out;
  auto put = [&p](std::int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k) {
      p[k] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p += width;
  };
  put(c.year, 4);
  *p++ = '-';
  put(c.month, 2);
  *p++ = '-';
  put(c.day, 2);
  *p++ = 'T';
  put(c.hour, 2);
  *p++ = ':';
  put(c.minute, 2);
  *p++ = ':';
  put(c.second, 2);
  if (t.nanos != 0) {
    *p++ = '.';
    if (t.nanos % 1000000 == 0) {
      put(t.nanos / 1000000, 3);
    } else if (t.nanos % 1000 == 0) {
      put(t.nanos / 1000, 6);
    } else {
      put(t.nanos, 9);
    }
  }
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out);
}

}  // namespace recproc::transform::expr
