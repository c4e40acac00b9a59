// `recproc merge DIR --shards N` (issue 14): the commit step of a sharded run.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/flag_groups.h"
#include "cli/help_formatter.h"
#include "cli/shard_merge.h"
#include "cli/staged_output.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct MergeArgs {
  std::string dir;
  std::size_t shards = 0;
  bool check_only = false;
  MergeTargets targets;
  UploadFlags blobs;  ///< for azblob:// output, rejects or report (issues 14, 15)
};

bool any_blob_destination(const MergeTargets& t) {
  return is_blob_path(t.output) || is_blob_path(t.rejects) || is_blob_path(t.report);
}

// Sign-in only when a blob is involved, so a local merge needs no Azure credentials.
std::unique_ptr<BlobSettings> blob_settings(const MergeArgs& args, const MergeCheck& check,
                                            azure::UploadOptions options) {
  bool any = any_blob_destination(args.targets);
  for (const ShardManifest& m : check.manifests) any = any || !m.output_blob.empty();
  if (!any) return nullptr;
  return std::make_unique<BlobSettings>(
      BlobSettings{blob_credentials(args.blobs), std::move(options)});
}

int run_merge(const MergeArgs& args) {
  if (!args.check_only && args.targets.output.empty()) {
    throw UsageError("merge: -o FILE is required (or --check to only check the parts)");
  }
  // The blob flags (--overwrite with --skip-existing, --metadata, --tags, --tier) are checked
  // before anything is read.
  azure::UploadOptions options = upload_options(args.blobs);
  if (options.if_exists != azure::IfExists::kFail && !any_blob_destination(args.targets)) {
    throw UsageError("merge: --overwrite and --skip-existing are for azblob:// destinations");
  }
  MergeCheck check = check_parts(args.dir, args.shards);
  std::unique_ptr<BlobSettings> blob = blob_settings(args, check, std::move(options));
  if (check.missing.empty() && check.problems.empty()) {
    check_staged_outputs(check, args.targets.output, blob.get());
  }
  if (args.check_only) {
    std::fputs(check_json(check, args.shards).c_str(), stdout);
    return check.complete ? 0 : static_cast<int>(ExitCode::kIoError);
  }
  if (!check.complete) {
    std::string why;
    if (!check.missing.empty()) {
      why += "missing shards:";
      for (std::size_t k : check.missing) why += " " + std::to_string(k);
      why += "; ";
    }
    for (const auto& r : check.rerun) {
      why += "shard " + std::to_string(r.shard) + " must run again with --shard-start-state " +
             std::string(format::quote_state_name(r.start_state)) + "; ";
    }
    for (const auto& p : check.problems) why += p + "; ";
    why.resize(why.size() - 2);
    throw IoError("merge: nothing published: " + why);
  }
  return merge_parts(check, args.dir, args.targets, blob.get());
}

}  // namespace

void add_merge_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Commit a sharded run: check the manifests of `run --shard K/N --parts DIR`\n"
      "and publish the output, rejects and report as one run, or nothing.");
  cmd->add_option("dir", args->dir, "The parts directory")->required();
  cmd->add_option("--shards", args->shards, "N, as in --shard K/N")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--check", args->check_only, "Only check; print JSON; exit 0 when complete");
  cmd->add_option("-o,--output", args->targets.output,
                  "The job's output (written atomically); the azblob:// name the shards staged "
                  "on commits their blocks")
      ->type_name("FILE");
  cmd->add_option("--rejects", args->targets.rejects,
                  "The job's rejects, merged in order (a file or azblob://)")
      ->type_name("FILE");
  cmd->add_option("--report", args->targets.report, "Write the merged JSON report (or azblob://)")
      ->type_name("FILE");
  add_blob_access_flags(*cmd, args->blobs, "blob");
  add_blob_attribute_flags(*cmd, args->blobs);
  cmd->footer(help_footer(
      "merge exits 0 when it published, 1 when the job's data failed (rejects and report "
      "published, the output not), 3 when shards are missing or inconsistent (nothing "
      "published; --check says which to run again).",
      {"recproc run --shard 3/8 --parts parts/ --schema s.json logs/*.csv",
       "recproc merge parts/ --shards 8 --check",
       "recproc merge parts/ --shards 8 -o clean.csv --rejects rejects.ndjson",
       "recproc run --shard 3/8 --parts parts/ -o azblob://logs/clean.csv logs/*.csv",
       "recproc merge parts/ --shards 8 -o azblob://logs/clean.csv"}));
  cmd->callback([&action, args] { action = [args] { return run_merge(*args); }; });
}

}  // namespace recproc::cli
