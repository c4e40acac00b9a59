// Wires --schema / --cast into the job plan as the first step of the chain.
#pragma once

#include "cli/job_plan.h"

namespace recproc::cli {

void add_schema_step(const RunOptions& o, JobPlan& plan);

}  // namespace recproc::cli
