// `recproc upload FILE... azblob://CONTAINER/PREFIX` (issue 6). Credentials come only from the
// environment or a Microsoft Entra ID sign-in (see azure/storage_auth.h, issue 15); no flag
// takes a secret.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "azure/blob_upload.h"
#include "cli/command.h"
#include "cli/flag_groups.h"
#include "cli/help_formatter.h"
#include "cli/transfer_report.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct UploadArgs {
  std::vector<std::string> paths;  // FILE... then the azblob:// URL
  UploadFlags blobs;
  std::string report;
};

int run_upload(const UploadArgs& args) {
  if (args.paths.size() < 2) {
    throw UsageError("upload: expected FILE... azblob://CONTAINER/PREFIX");
  }
  azure::UploadOptions options = upload_options(args.blobs);

  std::vector<std::string> files(args.paths.begin(), args.paths.end() - 1);
  const std::string& url = args.paths.back();
  std::vector<Transfer> transfers;
  for (const auto& r : azure::upload_files(files, url, options)) {
    std::string where = "azblob://" + r.target.container + "/" + r.target.blob_name;
    transfers.push_back({r.file, where, r.bytes, r.skipped});
    if (r.skipped) {
      std::printf("skipped %s: %s exists\n", r.file.c_str(), where.c_str());
    } else {
      std::printf("uploaded %s to %s (%llu bytes)\n", r.file.c_str(), where.c_str(),
                  static_cast<unsigned long long>(r.bytes));
    }
  }
  std::fflush(stdout);
  if (!args.report.empty()) {
    write_transfer_report(args.report, "upload", transfers, options.retry.retries.value());
  }
  return 0;
}

}  // namespace

void add_upload_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<UploadArgs>();
  CLI::App* cmd = app.add_subcommand("upload", "Upload files to Azure Blob Storage");
  cmd->footer(help_footer(
      "Each FILE becomes the blob PREFIX + its file name; with one FILE and a PREFIX that does "
      "not end in '/', the blob is exactly PREFIX.\n"
      "Credentials come from the environment: AZURE_STORAGE_CONNECTION_STRING, or "
      "AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN; else (or with "
      "--auth entra) AZURE_STORAGE_ACCOUNT and a Microsoft Entra ID sign-in: client secret, "
      "workload identity, managed identity or Azure CLI.",
      {"recproc upload out.ndjson azblob://cleaned/2026-11-25/",
       "recproc upload day.ndjson.zst azblob://archive/day.ndjson.zst --skip-existing",
       "recproc upload --auth entra out.ndjson azblob://cleaned/out.ndjson",
       "recproc upload day.ndjson.gz azblob://archive/ --tier Cool --metadata source=syslog "
       "--tags team=ops"}));
  cmd->add_option("paths", args->paths, "FILE... azblob://CONTAINER/PREFIX")->required();
  add_upload_flags(*cmd, args->blobs);
  cmd->add_option("--report", args->report, "JSON summary: blobs, bytes, retried requests")
      ->option_text("FILE");
  cmd->callback([&action, args] { action = [args] { return run_upload(*args); }; });
}

}  // namespace recproc::cli
