// The stderr logger: plain text ("recproc: warning: ...") or one JSON object per line.
#pragma once

namespace recproc::cli {

enum class LogFormat { kText, kJson };

/// verbosity: -1 quiet (errors only), 0 normal (info), 1 debug, 2 trace.
void setup_logging(int verbosity, LogFormat format);

}  // namespace recproc::cli
