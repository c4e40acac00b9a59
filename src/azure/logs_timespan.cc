#include "azure/logs_timespan.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <utility>

#include "azure/kql.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// Log Analytics keeps at most 12 years of data; anything longer is a typo.
constexpr std::int64_t kMaxSinceSeconds = 12LL * 366 * 24 * 3600;

bool read_digits(std::string_view& s, std::size_t n, int& out) {
  if (s.size() < n) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  s.remove_prefix(n);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

// Seconds since the epoch (UTC) of YYYY-MM-DD[THH:MM[:SS[.f+]][Z|(+|-)HH:MM]], or nullopt.
// Fractions are checked but do not take part in the ordering.
std::optional<std::int64_t> parse_utc_seconds(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 4, y) || !eat(s, '-') || !read_digits(s, 2, mo) || !eat(s, '-') ||
      !read_digits(s, 2, d)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::int64_t offset = 0;
  if (eat(s, 'T')) {
    if (!read_digits(s, 2, h) || !eat(s, ':') || !read_digits(s, 2, mi)) return std::nullopt;
    if (eat(s, ':')) {
      if (!read_digits(s, 2, sec)) return std::nullopt;
      if (eat(s, '.')) {
        int digit;
        if (!read_digits(s, 1, digit)) return std::nullopt;
        while (read_digits(s, 1, digit)) {
        }
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
    if (eat(s, 'Z')) {
    } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
      int sign = s.front() == '-' ? -1 : 1;
      s.remove_prefix(1);
      int oh, om;
      if (!read_digits(s, 2, oh) || !eat(s, ':') || !read_digits(s, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset = sign * (oh * 3600 + om * 60);
    }
  }
  if (!s.empty()) return std::nullopt;
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string format_utc_seconds(std::int64_t seconds) {
  // civil_from_days, the inverse of days_from_civil (Howard Hinnant).
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rest = seconds - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char text[128];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  return text;
}

namespace {

struct DurationUnit {
  char suffix;
  std::int64_t seconds;
  const char* prefix;  // ISO-8601: time units follow "PT", days follow "P"
  char designator;
};
constexpr DurationUnit kUnits[] = {
    {'s', 1, "PT", 'S'}, {'m', 60, "PT", 'M'}, {'h', 3600, "PT", 'H'}, {'d', 86400, "P", 'D'}};

// "24h" -> {24, the 'h' unit}; throws UsageError naming the value.
std::pair<std::int64_t, const DurationUnit*> parse_duration(std::string_view text) {
  auto bad = [&] {
    return UsageError(quote_for_message(text) +
                      ": expected a number and a unit s, m, h or d (e.g. 24h, 7d)");
  };
  if (text.size() < 2) throw bad();
  char unit = text.back();
  std::string_view digits = text.substr(0, text.size() - 1);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0 || digits[0] == '+') {
    throw bad();
  }
  for (const DurationUnit& u : kUnits) {
    if (u.suffix != unit) continue;
    if (n > kMaxSinceSeconds / u.seconds) {
      throw UsageError(quote_for_message(text) + ": longer than 12 years");
    }
    return {n, &u};
  }
  throw bad();
}

}  // namespace

std::int64_t duration_seconds(std::string_view text) {
  auto [n, unit] = parse_duration(text);
  return n * unit->seconds;
}

std::string timespan_since(std::string_view since) {
  auto [n, unit] = parse_duration(since);
  return unit->prefix + std::to_string(n) + unit->designator;
}

std::int64_t utc_seconds(std::string_view text) {
  if (auto seconds = parse_utc_seconds(text)) return *seconds;
  throw UsageError(quote_for_message(text) +
                   ": expected an ISO-8601 date or date-time (2024-05-01, 2024-05-01T06:00:00Z)");
}

}  // namespace recproc::azure
