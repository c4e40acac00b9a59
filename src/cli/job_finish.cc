// `recproc run` and `recproc check`: the job's phases after the output is published.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "azure/blob_upload.h"
#include "cli/error_text.h"
#include "cli/exit_code.h"
#include "cli/job.h"
#include "recproc/error.h"
#include "report/html_report.h"

namespace recproc::cli {
namespace {

// Rejects and report go next to the output blob: azblob://c/night/out.ndjson puts
// rejects.ndjson at azblob://c/night/rejects.ndjson.
azure::UploadTarget sibling(const azure::UploadTarget& out, const std::string& file) {
  azure::UploadTarget t = out;
  auto slash = t.blob_name.rfind('/');
  std::string dir = slash == std::string::npos ? "" : t.blob_name.substr(0, slash + 1);
  t.blob_name = dir + std::filesystem::path(file).filename().string();
  return t;
}

std::vector<std::string> checked_rules(const RunPlan& plan) {
  std::vector<std::string> rules = {"json"};
  rules.insert(rules.end(), plan.rules.begin(), plan.rules.end());
  for (const auto& t : plan.chain) rules.emplace_back(t->spec());
  return rules;
}

}  // namespace

void Job::check_side_blobs() {
  if (!blob_ || blob_->options.if_exists != azure::IfExists::kFail) return;
  for (const std::string* p : {&plan_.report, &plan_.html, &plan_.junit, &plan_.sarif}) {
    if (is_blob_path(*p)) JobOutput probe(*p, blob_.get());  // throws when the blob exists
  }
}

void Job::upload() {
  if (!plan_.upload) return;
  auto timer = phases_.start("upload");
  if (ctx_.exit_code != 0) {
    spdlog::warn("run failed: nothing uploaded to {}", plan_.upload->url);
    return;
  }
  if (!ctx_.output_published || plan_.output == "-") {
    throw UsageError("--upload needs -o FILE (the published output to upload)");
  }
  try {
    uploaded_ = azure::plan_uploads({plan_.output}, plan_.upload->url);
    azure::upload_planned({plan_.output}, uploaded_, plan_.upload->options);
    spdlog::info("uploaded {} to {}", plan_.output, plan_.upload->url);
  } catch (const IoError& e) {
    uploaded_.clear();
    ctx_.exit_code = static_cast<int>(ExitCode::kIoError);
    ctx_.status = "io_error";
    ctx_.error = error_text(e);
    spdlog::error("{}", ctx_.error);
  }
}

std::optional<std::uint64_t> Job::blob_retries() const {
  const bool outputs = blob_ != nullptr;  // its options share plan_.blob_options' count
  if (!plan_.blob_access && !outputs && !plan_.upload) return std::nullopt;
  std::uint64_t retries = 0;
  if (plan_.blob_access) retries += plan_.blob_access->retry.retries.value();
  if (outputs) retries += plan_.blob_options.retry.retries.value();
  if (plan_.upload) retries += plan_.upload->options.retry.retries.value();
  return retries;
}

void Job::report() {
  auto timer = phases_.start("report");
  ctx_.phases = phases_.phases();
  ctx_.blob_retries = blob_retries();
  if (!plan_.report.empty() || !plan_.html.empty()) {
    const std::string json = report_json();
    if (!plan_.report.empty()) write_text_output(plan_.report, json, blob_.get());
    // The page is made from the JSON document, as `recproc report html` makes it.
    if (!plan_.html.empty()) {
      std::string source = plan_.report.empty() ? std::string("the run report") : plan_.report;
      write_text_output(plan_.html, report::html_report(json, source), blob_.get());
    }
  }
  if (!plan_.junit.empty()) {
    write_text_output(plan_.junit, report::junit_xml(stats_, checked_rules(plan_), ctx_),
                      blob_.get());
  }
  if (!plan_.sarif.empty()) write_text_output(plan_.sarif, sarif_.json(ctx_), blob_.get());
  if (!plan_.upload || !plan_.upload->with_sidecars || uploaded_.empty() || ctx_.exit_code != 0) {
    return;
  }
  std::vector<std::string> files;
  std::vector<azure::UploadTarget> targets;
  for (const std::string& f : {plan_.rejects, plan_.report}) {
    if (f.empty()) continue;
    files.push_back(f);
    targets.push_back(sibling(uploaded_[0], f));
  }
  try {
    if (!files.empty()) azure::upload_planned(files, targets, plan_.upload->options);
  } catch (const IoError& e) {
    ctx_.exit_code = static_cast<int>(ExitCode::kIoError);
    spdlog::error("{}", error_text(e));
  }
}

void Job::alert() {
  if (plan_.alert_webhook.empty() || !report::should_alert(plan_.alert_on, ctx_.exit_code, stats_))
    return;
  auto timer = phases_.start("alert");
  report::send_alert(plan_.alert_webhook, stats_, ctx_);
}

}  // namespace recproc::cli
