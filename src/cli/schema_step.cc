#include "cli/schema_step.h"

#include "recproc/error.h"

namespace recproc::cli {

void add_schema_step(const RunOptions& o, JobPlan& /*plan*/) {
  throw UsageError("--schema " + o.schema + ": schema validation is not available in this build");
}

}  // namespace recproc::cli
