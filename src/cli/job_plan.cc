#include "cli/job_plan.h"

#include <sys/stat.h>

#include <cstdio>

#include "cli/format_choice.h"
#include "cli/schema_step.h"
#include "io/byte_source.h"
#include "recproc/error.h"
#include "transform/registry.h"

namespace recproc::cli {

JobPlan build_plan(const RunOptions& o, JobMode mode) {
  JobPlan plan;
  for (const auto& in : o.inputs) plan.input_formats.push_back(input_format_for(in, o));
  if (mode == JobMode::kRun) {
    std::string_view first = plan.input_formats.empty() ? "ndjson" : plan.input_formats[0]->name();
    plan.output_format = output_format_for(o, first);
  }
  if (!o.schema.empty()) add_schema_step(o, plan);
  for (const auto& spec : o.steps) plan.chain.push_back(transform::make_transform(spec));
  if (plan.output_format && plan.output_format->needs_columns()) {
    // Columns come from the last select, else from the first record that comes out.
    plan.columns_from_first_record = true;
    for (auto it = plan.chain.rbegin(); it != plan.chain.rend(); ++it) {
      auto fields = (*it)->output_fields();
      if (!fields.empty()) {
        plan.output_format->set_columns(std::move(fields));
        plan.columns_from_first_record = false;
        break;
      }
    }
  }
  return plan;
}

std::vector<engine::EngineInput> open_inputs(const RunOptions& o, const JobPlan& plan) {
  std::vector<engine::EngineInput> inputs;
  int stdin_count = 0;
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    if (o.inputs[i] == "-" && ++stdin_count > 1) throw UsageError("stdin (-) given more than once");
    inputs.push_back(engine::EngineInput{o.inputs[i], io::open_source(o.inputs[i]),
                                         plan.input_formats[i]});
  }
  return inputs;
}

std::string describe_plan(const RunOptions& o, const JobPlan& plan) {
  std::string out = "inputs:\n";
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    std::string size = "stdin";
    struct stat st {};
    if (o.inputs[i] != "-") {
      size = ::stat(o.inputs[i].c_str(), &st) == 0 ? std::to_string(st.st_size) + " bytes"
                                                     : "missing";
    }
    out += "  " + o.inputs[i] + " (" + std::string(plan.input_formats[i]->name()) + ", " + size +
           ")\n";
  }
  out += "steps:\n";
  if (!o.schema.empty()) out += "  validate " + o.schema + (o.cast ? " (cast)" : "") + "\n";
  for (const auto& t : plan.chain) {
    if (t->spec().rfind("validate ", 0) == 0) continue;
    out += "  " + std::string(t->spec()) + "\n";
  }
  out += "on_error: " + o.on_error + "\n";
  if (o.max_rejects) out += "max_rejects: " + std::to_string(*o.max_rejects) + "\n";
  if (o.max_reject_rate) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%g", *o.max_reject_rate);
    out += "max_reject_rate: " + std::string(rate) + "\n";
  }
  if (!o.rejects.empty()) out += "rejects: " + o.rejects + "\n";
  if (plan.output_format) {
    out += "output: " + o.output + " (" + std::string(plan.output_format->name()) + ")\n";
  }
  if (!o.report.empty()) out += "report: " + o.report + "\n";
  if (!o.junit.empty()) out += "junit: " + o.junit + "\n";
  if (!o.upload.empty()) out += "upload: " + o.upload + "\n";
  if (!o.alert_webhook.empty()) out += "alert: on " + o.alert_on + "\n";
  out += "threads: " + (o.threads > 0 ? std::to_string(o.threads) : std::string("all cores")) + "\n";
  return out;
}

}  // namespace recproc::cli
