// The resolved job: formats, the compiled transform chain, and what reports need to know.
// Everything here is built before any input is read, so that a bad schema, expression or
// flag fails fast with exit 2.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/run_options.h"
#include "engine/engine.h"
#include "recproc/format.h"
#include "recproc/transform.h"
#include "report/run_report.h"

namespace recproc::cli {

struct JobPlan {
  std::vector<std::shared_ptr<const InputFormat>> input_formats;  ///< one per input
  std::shared_ptr<OutputFormat> output_format;
  std::vector<TransformPtr> chain;  ///< schema validation first, then the -t steps
  std::vector<std::string> rules;   ///< checks the schema makes, for JUnit test cases
  bool columns_from_first_record = false;  ///< CSV output with no select to name its columns
};

JobPlan build_plan(const RunOptions& o, JobMode mode);
std::vector<engine::EngineInput> open_inputs(const RunOptions& o, const JobPlan& plan);
/// The --dry-run text: inputs with sizes, formats, steps, policies, outputs.
std::string describe_plan(const RunOptions& o, const JobPlan& plan);

/// Reads --pipeline FILE into `o`; flags given on the command line win.
void apply_pipeline_file(RunOptions& o, const CLI::App& cmd);

/// After the run: uploads (only after success), report, JUnit, alert. Returns the final exit
/// code: a failed upload turns success into 3; a failed alert never changes it.
int finish_job(const RunOptions& o, const engine::RunStats& stats, report::RunContext& ctx,
               const JobPlan& plan);

}  // namespace recproc::cli
