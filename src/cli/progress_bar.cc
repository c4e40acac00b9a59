#include "cli/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace recproc::cli {

namespace {

std::string human_bytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", b, units[u]);
  return buf;
}

std::string format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

// Columns of the terminal on stderr; 0 when unknown.
std::size_t terminal_columns() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

}  // namespace

std::string fit_progress_line(const std::vector<std::string>& fields, std::size_t columns) {
  std::string line;
  for (const std::string& field : fields) {
    std::size_t width = line.empty() ? field.size() : line.size() + 2 + field.size();
    if (columns > 0 && width >= columns) break;
    if (!line.empty()) line += "  ";
    line += field;
  }
  if (line.empty() && !fields.empty() && columns > 1) line = fields[0].substr(0, columns - 1);
  return line;
}

void ProgressBar::update(const engine::Progress& p) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  // Ten redraws a second at most: a terminal is slow, and a faster bar is unreadable anyway.
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double secs = p.elapsed.count();
  double rate = secs > 0 ? static_cast<double>(p.bytes_done) / secs : 0;
  double recs = secs > 0 ? static_cast<double>(p.records_done) / secs : 0;
  std::vector<std::string> fields;
  if (p.bytes_total > 0) {
    double frac = static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
    double left = static_cast<double>(p.bytes_total - std::min(p.bytes_done, p.bytes_total));
    int eta = rate > 0 ? static_cast<int>(left / rate) : 0;
    char eta_text[32];
    std::snprintf(eta_text, sizeof eta_text, "ETA %d:%02d", eta / 60, eta % 60);
    fields = {human_bytes(static_cast<double>(p.bytes_done)) + " / " +
                  human_bytes(static_cast<double>(p.bytes_total)),
              format("%.0f%%", frac * 100), format("%.1f MB/s", rate / 1e6),
              format("%.0f rec/s", recs), eta_text};
  } else {
    fields = {human_bytes(static_cast<double>(p.bytes_done)), format("%.1f MB/s", rate / 1e6),
              format("%.0f rec/s", recs)};
  }
  // The line is rewritten in place ("\r", then erase to its end), so it must not wrap.
  std::string line = "\r" + fit_progress_line(fields, terminal_columns()) + "\033[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace recproc::cli
