// `recproc logs --activity --resource-id ID --since 24h` (issue 16): the Activity Log events of
// one resource from Azure Resource Manager, written as NDJSON records in time order, one window
// (--window) in memory at a time.
#pragma once

#include <cstdint>
#include <string>

#include "cli/logs_delivery.h"

namespace CLI {
class App;
}

namespace recproc::cli {

struct ActivityRun {
  std::string resource_id;
  std::int64_t from = 0;  ///< [from, to), seconds since the epoch (UTC)
  std::int64_t to = 0;
  std::int64_t window = 0;  ///< seconds per request range (--window); 0: the whole range at once
  RowsDestination destination;  ///< -o, and the job's steps when asked
  std::string arm_endpoint;
  std::string ca_file;
  std::string report;
};

/// Returns the exit code; throws UsageError / IoError like every command.
int run_activity(const ActivityRun& run, const CLI::App& cmd);

}  // namespace recproc::cli
