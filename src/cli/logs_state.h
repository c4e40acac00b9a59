// The state file of incremental `recproc logs --state FILE` pulls (issue 16): where the last
// successful run ended, and what it read, so that the next run starts exactly there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace recproc::cli {

struct LogsState {
  std::string source;    ///< what was read ("workspace <id> table Syslog"); must match next time
  std::int64_t end = 0;  ///< seconds since the epoch (UTC): the next run starts here
};

/// The state in `path`, or nullopt when the file does not exist. Throws UsageError naming the
/// file when it is not a state file.
std::optional<LogsState> read_logs_state(const std::string& path);

/// Replaces `path` atomically (temporary file, fsync, rename): a crash leaves the old state.
void write_logs_state(const std::string& path, const LogsState& state);

}  // namespace recproc::cli
