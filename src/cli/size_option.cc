#include "cli/size_option.h"

#include <charconv>
#include <limits>

#include "recproc/error.h"

namespace recproc::cli {

std::size_t parse_size(const std::string& text, std::string_view flag) {
  auto fail = [&]() -> std::size_t {
    throw UsageError(std::string(flag) + " \"" + text +
                     "\": expected a size such as 4096, 64K, 8MiB or 1G");
  };
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || value == 0) return fail();
  std::string unit(end, text.data() + text.size());
  if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();
  if (unit.size() == 2 && unit[1] == 'i') unit.pop_back();
  std::size_t scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  if (unit == "K" || unit == "k") scale = std::size_t{1} << 10;
  if (unit == "M" || unit == "m") scale = std::size_t{1} << 20;
  if (unit == "G" || unit == "g") scale = std::size_t{1} << 30;
  if (scale == 0 || value > std::numeric_limits<std::size_t>::max() / scale) return fail();
  return value * scale;
}

double parse_duration(const std::string& text, std::string_view flag) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string unit(end, text.data() + text.size());
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (ec != std::errc() || end == text.data() || !(value > 0) || scale == 0) {
    throw UsageError(std::string(flag) + " \"" + text + "\": expected a duration such as 90s, 30m or 2h");
  }
  return value * scale;
}

}  // namespace recproc::cli
