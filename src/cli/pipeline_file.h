// `--pipeline job.json`: a whole job in one reviewed file (see pipeline_file.cc).
#pragma once

#include "cli/run_options.h"

namespace recproc::cli {

/// Reads --pipeline FILE into `o`; flags given on the command line win. Throws UsageError.
void apply_pipeline_file(RunOptions& o, const CLI::App& cmd);

}  // namespace recproc::cli
