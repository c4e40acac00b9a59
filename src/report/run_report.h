// What a run tells machines and people: the one-line summary, the versioned JSON report
// (documented in docs/report.md), the quarantine lines and GitHub annotations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace recproc::report {

inline constexpr int kReportVersion = 1;

/// How long one named phase of a job took ("open inputs", "run", ...).
struct PhaseTime {
  std::string name;
  double seconds = 0;
};

/// Facts about the run that the engine does not know.
struct RunContext {
  std::string command;  ///< "run" or "check"
  int exit_code = 0;
  std::string status;  ///< "success", "data_error", "usage_error", "io_error"
  std::string error;   ///< the run-level error message, if any
  std::string output;  ///< output path ("-" for stdout, empty for check)
  bool output_published = false;
  std::string rejects;  ///< rejects path, if any
  std::string policy;   ///< fail|skip|quarantine
  std::string schema;   ///< schema path, if any
  std::vector<std::string> steps;
  std::string started_at;  ///< ISO-8601 UTC
  int threads = 0;
  std::vector<PhaseTime> phases;             ///< the job's phases that ended before the report
  std::optional<std::uint64_t> max_rejects;  ///< --max-rejects, when given
  std::optional<double> max_reject_rate;     ///< --max-reject-rate, when given
  /// Requests to Blob Storage that were retried (a 5xx, 429, dropped connection or short body),
  /// when the run read or wrote any blob.
  std::optional<std::uint64_t> blob_retries;
};

/// "1000 records in, 990 out, 5 dropped, 5 rejected; 12.3 MB in 0.10 s (123.0 MB/s)"
std::string summary_line(const engine::RunStats& stats);

/// The JSON report, pretty-printed. A non-empty `text` is added as a human-readable "text"
/// member, for chat webhooks.
std::string report_json(const engine::RunStats& stats, const RunContext& ctx,
                        std::string_view text = {});

/// JUnit XML: one <testsuite> per input, one <testcase> per rule that was checked (and per
/// rule that failed), failures carrying counts and the first examples.
std::string junit_xml(const engine::RunStats& stats, const std::vector<std::string>& rules,
                      const RunContext& ctx);

/// A human text for chat webhooks: "recproc run failed (exit 1): ...".
std::string alert_text(const engine::RunStats& stats, const RunContext& ctx);

/// One quarantine line: {"source","line","record","errors":[{"path","message","kind","rule"}]}.
std::string reject_line(const engine::RejectedRecord& r);

/// `::error file=F,line=L,title=recproc::message` with GitHub's escaping.
std::string github_annotation(std::string_view file, std::uint64_t line, std::string_view message);

/// Current UTC time as ISO-8601 with seconds.
std::string now_iso8601();

}  // namespace recproc::report
