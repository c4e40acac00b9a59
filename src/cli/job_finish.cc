#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "azure/blob_upload.h"
#include "cli/alert.h"
#include "cli/exit_code.h"
#include "cli/job_plan.h"
#include "io/output_file.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

void write_text_file(const std::string& path, const std::string& text) {
  io::OutputFile out(path);
  out.write(text);
  out.commit();
}

azure::UploadOptions upload_options(const RunOptions& o) {
  azure::UploadOptions opts;
  if (o.overwrite && o.skip_existing) {
    throw UsageError("--overwrite and --skip-existing exclude each other");
  }
  if (o.overwrite) opts.if_exists = azure::IfExists::kOverwrite;
  if (o.skip_existing) opts.if_exists = azure::IfExists::kSkip;
  opts.create_container = !o.no_create_container;
  opts.ca_file = o.ca_file;
  return opts;
}

// Rejects and report go next to the output blob: azblob://c/night/out.ndjson puts
// rejects.ndjson at azblob://c/night/rejects.ndjson.
azure::UploadTarget sibling(const azure::UploadTarget& out, const std::string& file) {
  azure::UploadTarget t = out;
  auto slash = t.blob_name.rfind('/');
  std::string dir = slash == std::string::npos ? "" : t.blob_name.substr(0, slash + 1);
  t.blob_name = dir + std::filesystem::path(file).filename().string();
  return t;
}

std::vector<std::string> checked_rules(const JobPlan& plan) {
  std::vector<std::string> rules = {"json"};
  rules.insert(rules.end(), plan.rules.begin(), plan.rules.end());
  for (const auto& t : plan.chain) rules.emplace_back(t->spec());
  return rules;
}

}  // namespace

int finish_job(const RunOptions& o, const engine::RunStats& stats, report::RunContext& ctx,
               const JobPlan& plan) {
  std::vector<azure::UploadTarget> targets;
  if (!o.upload.empty() && ctx.exit_code == 0) {
    if (!ctx.output_published || o.output == "-") {
      throw UsageError("--upload needs -o FILE (the published output to upload)");
    }
    try {
      targets = azure::plan_uploads({o.output}, o.upload);
      azure::upload_planned({o.output}, targets, upload_options(o));
      spdlog::info("uploaded {} to {}", o.output, o.upload);
    } catch (const IoError& e) {
      ctx.exit_code = static_cast<int>(ExitCode::kIoError);
      ctx.status = "io_error";
      ctx.error = e.what();
      spdlog::error("{}", e.what());
    }
  } else if (!o.upload.empty()) {
    spdlog::warn("run failed: nothing uploaded to {}", o.upload);
  }

  if (!o.report.empty()) write_text_file(o.report, report::report_json(stats, ctx));
  if (!o.junit.empty()) write_text_file(o.junit, report::junit_xml(stats, checked_rules(plan), ctx));

  if (o.upload_rejects && !targets.empty() && ctx.exit_code == 0) {
    std::vector<std::string> files;
    std::vector<azure::UploadTarget> extra;
    for (const std::string& f : {o.rejects, o.report}) {
      if (f.empty()) continue;
      files.push_back(f);
      extra.push_back(sibling(targets[0], f));
    }
    try {
      if (!files.empty()) azure::upload_planned(files, extra, upload_options(o));
    } catch (const IoError& e) {
      ctx.exit_code = static_cast<int>(ExitCode::kIoError);
      spdlog::error("{}", e.what());
    }
  }

  // A chat webhook URL is a secret: RECPROC_ALERT_WEBHOOK keeps it out of the process list.
  std::string webhook = o.alert_webhook;
  if (const char* env = std::getenv("RECPROC_ALERT_WEBHOOK"); webhook.empty() && env) webhook = env;
  if (!webhook.empty() && should_alert(o.alert_on, ctx.exit_code, stats)) {
    send_alert(webhook, stats, ctx);
  }
  return ctx.exit_code;
}

}  // namespace recproc::cli
