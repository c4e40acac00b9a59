// Where downloaded rows go (issue 16): straight into the output writer, or, when the command
// asks for --schema, -t, --rejects or --on-error, through run's job: the same schema, steps,
// error policies, writers and accounting as `recproc run`, fed from a download thread through a
// bounded io::ByteQueue. Rejects name the source and the row number as the line.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/run_options.h"
#include "engine/engine.h"
#include "recproc/format.h"

namespace CLI {
class App;
}

namespace recproc::cli {

struct RowsDestination {
  std::string output = "-";
  std::string output_format;
  std::string delimiter;
  RunOptions job;  ///< schema, cast, steps, on_error, rejects, thresholds, junit, html
  /// True when the rows go through run's job.
  bool through_job() const;
};

struct RowsDelivered {
  int exit_code = 0;                            ///< the job's; 0 when written straight
  bool published = false;                       ///< the output is in place (or on stdout)
  std::optional<engine::RecordCounts> records;  ///< set when through the job
  std::string run_report;                       ///< the job's run report JSON, when through it
};

/// Writes the rows in `format`, handing the bytes to `emit` in pieces (emit may throw).
using ProduceRows = std::function<void(const std::shared_ptr<OutputFormat>& format,
                                       const std::function<void(std::string_view)>& emit)>;

/// Runs `produce` into the destination; `source` names the rows in messages and rejects
/// ("workspace W table Syslog"). Throws UsageError / IoError like every command, after the
/// download thread has ended.
RowsDelivered deliver_rows(const RowsDestination& destination, const std::string& source,
                           const ProduceRows& produce, const CLI::App& cmd);

/// `,"records":{"in":N,"out":N,"dropped":N,"rejected":N},"exit_code":C,"run":{...}` for a logs
/// report, when the rows went through the job (rows downloaded = in = out + dropped +
/// rejected); "run" is the whole report `recproc run --report` writes: error groups with their
/// first examples, thresholds, phases.
void append_records(std::string& json, const RowsDelivered& delivered);

}  // namespace recproc::cli
