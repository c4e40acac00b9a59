// The process exit codes, documented in README.md and `recproc --help`.
#pragma once

namespace recproc::cli {

enum class ExitCode : int {
  kSuccess = 0,  ///< every record accounted for, nothing over a threshold
  kDataError =
      1,  ///< bad records under the fail policy, a threshold exceeded, `check` found errors
  kUsageError = 2,    ///< bad flag, schema, expression, pipeline file or missing credentials
  kIoError = 3,       ///< cannot read, write or reach something (file, network, auth refused)
  kInterrupted = 130  ///< SIGINT
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0    success\n"
    "  1    data errors (bad records under --on-error fail, a threshold exceeded, check failed)\n"
    "  2    usage or configuration error\n"
    "  3    I/O or environment error (files, network, credentials refused)\n"
    "  130  interrupted (SIGINT)\n";

}  // namespace recproc::cli
