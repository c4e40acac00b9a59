// The bad records of a run as a SARIF 2.1.0 log (issue 20), for GitHub code scanning and other
// SARIF viewers: one result per bad record, located by input file and line, with one rule per
// check that failed. docs/report.md shows the shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "report/run_report.h"

namespace recproc::report {

/// Results kept in the log. Past it the log says how many were left out: a viewer is for the
/// first few hundred problems, the rejects file is for all of them (GitHub shows at most 5,000
/// results of a run).
inline constexpr std::size_t kMaxSarifResults = 1000;

class SarifLog {
 public:
  explicit SarifLog(std::size_t max_results = kMaxSarifResults) : max_results_(max_results) {}

  /// Called for each bad record, in input order.
  void add(const engine::RejectedRecord& r);

  /// The log, pretty-printed: one run, tool.driver recproc with its rules, the results.
  std::string json(const RunContext& ctx) const;

 private:
  struct Result {
    std::string file;
    std::uint64_t line = 0;
    FieldError error;
  };
  std::size_t max_results_;
  std::vector<Result> results_;
  std::uint64_t left_out_ = 0;
};

/// A path as a SARIF artifactLocation uri: relative paths stay relative (percent-encoded),
/// absolute ones become file:// URIs.
std::string sarif_uri(std::string_view path);

}  // namespace recproc::report
