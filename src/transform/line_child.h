// A long-lived child process that answers lines: recproc writes a batch of lines to its stdin and
// reads as many lines back from its stdout. Both pipes (and stderr) are serviced at once, so a
// child that answers before it has read everything, or that stops reading, never deadlocks with
// us; and no pipe is shared between children, so each child sees the end of its own input.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace recproc::transform {

/// How an exchange ended when it did not get every answer (or got too many).
enum class ExchangeFailure { kNone, kStartFailed, kExited, kTimeout, kExtraOutput };

struct ExchangeResult {
  ExchangeFailure failure = ExchangeFailure::kNone;
  std::size_t lines = 0;  ///< complete answer lines received, in order
  std::string what;       ///< for a failure: "exited with status 1 after 3 of 10 lines", ...
};

class LineChild {
 public:
  /// `argv[0]` is looked up in PATH. Nothing starts until the first exchange. The child's stderr
  /// is passed through to ours, whole lines at a time, and its last few KiB are kept.
  LineChild(std::vector<std::string> argv, std::chrono::milliseconds idle_timeout);
  ~LineChild();
  LineChild(const LineChild&) = delete;
  LineChild& operator=(const LineChild&) = delete;

  /// Sends `input`, which holds `n` lines each ending in '\n', and reads `n` lines back into
  /// `answers` (cleared first); `line_ends[i]` is the offset just past the i-th answer's '\n'.
  /// Starts the child first if none runs. After a failure the child is stopped, and the next
  /// exchange starts a new one.
  ExchangeResult exchange(std::string_view input, std::size_t n, std::string& answers,
                          std::vector<std::size_t>& line_ends);

  /// What the child last wrote to stderr (at most a few KiB, whole lines where possible).
  std::string stderr_tail() const;
  /// Whether the child's stderr is copied to ours (the default) or only kept for stderr_tail().
  void set_pass_stderr(bool pass) { pass_stderr_ = pass; }
  /// Times a child was started.
  std::size_t starts() const { return starts_; }

 private:
  bool start(std::string& error);
  /// Closes our ends of the pipes and reaps the child: gently (end of input, a grace period,
  /// then signals) or at once with SIGKILL. Returns "exited with status 1" or similar.
  std::string stop(bool kill_now);
  void read_stderr();
  void keep_stderr(std::string_view bytes);

  std::vector<std::string> argv_;
  std::chrono::milliseconds idle_timeout_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  int errors_from_child_ = -1;
  std::string stderr_line_;  ///< a partial line the child wrote to stderr
  std::string stderr_tail_;
  std::size_t starts_ = 0;
  bool pass_stderr_ = true;
};

}  // namespace recproc::transform
