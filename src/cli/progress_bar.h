// A one-line progress display on stderr: bytes, percent, MB/s, records/s, ETA.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace recproc::cli {

/// The fields that fit in a terminal of `columns` (0: unknown, all of them), two spaces apart,
/// shorter than `columns` so that the line never wraps: a wrapped line is not redrawn in place
/// by "\r", and every update would leave a row behind (issue 20, a 40-column tmux pane).
/// fit_progress_line({"1.0 KB / 2.0 KB", "50%"}, 21) == "1.0 KB / 2.0 KB  50%"; at 20 the first.
std::string fit_progress_line(const std::vector<std::string>& fields, std::size_t columns);

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { finish(); }
  void update(const engine::Progress& p);
  /// Clears the line so the summary prints on a clean one.
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace recproc::cli
