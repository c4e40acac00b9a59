// Prints the first few bad records as they are found, in input order: as log lines, or as
// GitHub Actions annotations with --error-format github. With --error-format sarif it prints
// nothing: the SARIF log (report::SarifLog) lists them at the end.
#pragma once

#include <cstddef>

#include "cli/run_plan.h"
#include "engine/engine.h"

namespace recproc::cli {

class ErrorPrinter {
 public:
  /// Annotations go to stdout when stdout carries no records (check, or run with -o FILE).
  ErrorPrinter(const RunPlan& plan, bool annotations_to_stdout);

  void print(const engine::RejectedRecord& r);
  /// Whether the next print() writes anything (the first --max-errors records do).
  bool prints_next() const { return seen_ < limit_; }
  /// Says how many were not shown.
  void finish() const;

 private:
  bool github_;
  bool silent_;  ///< --error-format sarif: the SARIF log lists them, at the end
  std::size_t limit_;
  bool to_stdout_;
  std::size_t seen_ = 0;
};

}  // namespace recproc::cli
