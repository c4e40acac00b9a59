#include <spdlog/spdlog.h>

#include "cli/job_plan.h"
#include "recproc/error.h"

namespace recproc::cli {

void apply_pipeline_file(RunOptions& o, const CLI::App& /*cmd*/) {
  throw UsageError("--pipeline " + o.pipeline + ": pipeline files are not available in this build");
}

std::string junit_for(const engine::RunStats&, const JobPlan&, const report::RunContext&) {
  return {};
}

void finish_job(const RunOptions&, const engine::RunStats&, report::RunContext&, const JobPlan&) {}

}  // namespace recproc::cli
