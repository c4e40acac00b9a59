// `recproc download azblob://C/NAME|azblob://C/PREFIX/|GLOB DIR|FILE` (issue 15): the
// counterpart of upload. Blobs are listed once, then each is read through parallel ranged GETs
// with its ETag pinned and written as stored, never decompressed. Credentials as for upload.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/blob_download.h"
#include "cli/command.h"
#include "cli/flag_groups.h"
#include "cli/help_formatter.h"
#include "cli/transfer_report.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct DownloadArgs {
  std::string url;
  std::string destination;
  BlobAccessFlags blobs;
  std::string report;
};

int run_download(const DownloadArgs& args) {
  if (!is_blob_url(args.url)) {
    throw UsageError("download: expected an azblob:// URL, got \"" + args.url + "\"");
  }
  if (args.destination == "-") {
    throw UsageError("download: name a FILE or DIR; writing to stdout is not supported");
  }
  const azure::IfExists if_exists = cli::if_exists(args.blobs);
  auto access = std::make_shared<BlobAccess>();
  access->credentials = blob_credentials(args.blobs);
  access->http.ca_file = args.blobs.ca_file;
  access->http.stall_timeout = std::chrono::seconds(args.blobs.stall_timeout);

  azure::BlobClient client(access->credentials, access->http, access->retry);
  const auto targets =
      plan_downloads(args.url, resolve_blob_inputs(args.url, client), args.destination);
  refuse_existing(targets, if_exists);
  // -q leaves only errors: no line per blob either.
  const bool say = spdlog::should_log(spdlog::level::info);
  std::vector<Transfer> transfers;
  for (const auto& target : targets) {
    const DownloadResult r = download_blob(target, access, if_exists);
    transfers.push_back({r.path, r.url, r.bytes, r.skipped});
    if (!say) continue;
    if (r.skipped) {
      std::printf("skipped %s: %s exists\n", r.url.c_str(), r.path.c_str());
    } else {
      std::printf("downloaded %s to %s (%llu bytes)\n", r.url.c_str(), r.path.c_str(),
                  static_cast<unsigned long long>(r.bytes));
    }
    std::fflush(stdout);
  }
  if (!args.report.empty()) {
    write_transfer_report(args.report, "download", transfers, access->retry.retries.value());
  }
  return 0;
}

}  // namespace

void add_download_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<DownloadArgs>();
  CLI::App* cmd = app.add_subcommand("download", "Download blobs from Azure Blob Storage");
  cmd->footer(help_footer(
      "One blob becomes FILE, or DIR/its base name when DIR is a directory. A prefix (ending "
      "in '/') or a glob writes each blob into DIR under its name after the prefix, or after "
      "the glob's last '/' before a wildcard, creating subdirectories. Bytes are kept as "
      "stored (a .gz stays compressed); each file appears only once complete and matching the "
      "blob's Content-MD5. Credentials as for upload (recproc upload --help).",
      {"recproc download azblob://cleaned/2026-11-25/out.ndjson out.ndjson",
       "recproc download azblob://archive/2026-11/ days/ --skip-existing",
       "recproc download 'azblob://raw/2026-11-*/syslog-*.ndjson.gz' raw/",
       "recproc download --auth entra azblob://cleaned/out.ndjson . --overwrite"}));
  cmd->add_option("url", args->url, "azblob://CONTAINER/NAME, .../PREFIX/ or a glob")->required();
  cmd->add_option("destination", args->destination, "FILE or DIR")->required();
  add_blob_access_flags(*cmd, args->blobs, "file");
  cmd->add_option("--report", args->report, "JSON summary: files, bytes, retried requests")
      ->option_text("FILE");
  cmd->callback([&action, args] { action = [args] { return run_download(*args); }; });
}

}  // namespace recproc::cli
