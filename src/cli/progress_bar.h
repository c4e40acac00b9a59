// A one-line progress display on stderr: bytes, percent, MB/s, records/s, ETA.
#pragma once

#include <chrono>

#include "engine/engine.h"

namespace recproc::cli {

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
