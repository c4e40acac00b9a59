#include "cli/phase_timer.h"

#include <cstdio>

namespace recproc::cli {

std::string PhaseTimes::summary() const {
  std::string out;
  char seconds[32];
  for (const auto& p : phases_) {
    std::snprintf(seconds, sizeof seconds, "%.3f", p.seconds);
    out += (out.empty() ? "" : ", ") + p.name + " " + seconds + " s";
  }
  return out;
}

}  // namespace recproc::cli
