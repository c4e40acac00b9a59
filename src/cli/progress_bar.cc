#include "cli/progress_bar.h"

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

}  // namespace

void ProgressBar::update(const engine::Progress& p) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  // Ten redraws a second at most: a terminal is slow, and a faster bar is unreadable anyway.
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double secs = p.elapsed.count();
  double rate = secs > 0 ? static_cast<double>(p.bytes_done) / secs : 0;
  double recs = secs > 0 ? static_cast<double>(p.records_done) / secs : 0;
  char line[256];
  if (p.bytes_total > 0) {
    double frac = static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total);
    double eta =
        rate > 0 ? static_cast<double>(p.bytes_total - std::min(p.bytes_done, p.bytes_total)) / rate
                 : 0;
    std::snprintf(line, sizeof line, "\r%s / %s  %3.0f%%  %.1f MB/s  %.0f rec/s  ETA %d:%02d  ",
                  human_bytes(static_cast<double>(p.bytes_done)).c_str(),
                  human_bytes(static_cast<double>(p.bytes_total)).c_str(), frac * 100, rate / 1e6,
                  recs, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  } else {
    std::snprintf(line, sizeof line, "\r%s  %.1f MB/s  %.0f rec/s  ",
                  human_bytes(static_cast<double>(p.bytes_done)).c_str(), rate / 1e6, recs);
  }
  std::fputs(line, stderr);
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
