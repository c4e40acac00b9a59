// Wall-clock time per named phase of a job, for `-v` and the report's "phase_seconds".
//
//   PhaseTimes phases;
//   { PhaseTimes::Scope timer = phases.start("open inputs"); ... }
//   phases.summary();  // "build chain 0.004 s, open inputs 0.000 s, run 1.210 s, ..."
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "report/run_report.h"

namespace recproc::cli {

class PhaseTimes {
 public:
  /// Times one phase from its construction to its end of scope (also when an exception leaves).
  class Scope {
   public:
    Scope(PhaseTimes& times, std::string name)
        : times_(times), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {
      // The slot is made here, where running out of memory may throw: the destructor runs
      // while an exception may be leaving, and must not allocate.
      times_.phases_.reserve(times_.phases_.size() + ++times_.open_);
    }
    ~Scope() {
      std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
      --times_.open_;
      times_.phases_.push_back({std::move(name_), took.count()});  // within the reserved room
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PhaseTimes& times_;
    std::string name_;
    std::chrono::steady_clock::time_point start_;
  };

  [[nodiscard]] Scope start(std::string name) { return Scope(*this, std::move(name)); }

  /// The phases that ended, in the order they ended.
  const std::vector<report::PhaseTime>& phases() const { return phases_; }

  /// One line for the log: "build chain 0.004 s, open inputs 0.000 s, run 1.210 s".
  std::string summary() const;

 private:
  std::vector<report::PhaseTime> phases_;
  std::size_t open_ = 0;  ///< scopes running, each with a slot reserved in phases_
};

}  // namespace recproc::cli
