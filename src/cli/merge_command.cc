// `recproc merge DIR --shards N` (issue 14): the commit step of a sharded run.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/shard_merge.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

struct MergeArgs {
  std::string dir;
  std::size_t shards = 0;
  bool check_only = false;
  MergeTargets targets;
};

int run_merge(const MergeArgs& args) {
  if (!args.check_only && args.targets.output.empty()) {
    throw UsageError("merge: -o FILE is required (or --check to only check the parts)");
  }
  MergeCheck check = check_parts(args.dir, args.shards);
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
  return merge_parts(check, args.dir, args.targets);
}

}  // namespace

void add_merge_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Commit a sharded run: check the manifests of `run --shard K/N --parts DIR`\n"
      "and publish the output, rejects and report as one run, or nothing.");
  cmd->add_option("dir", args->dir, "The parts directory")->required();
  cmd->add_option("--shards", args->shards, "N, as in --shard K/N")->required()->check(
      CLI::PositiveNumber);
  cmd->add_flag("--check", args->check_only,
                "Only check; print JSON; exit 0 when complete");
  cmd->add_option("-o,--output", args->targets.output, "The job's output (written atomically)")
      ->type_name("FILE");
  cmd->add_option("--rejects", args->targets.rejects, "The job's rejects, merged in order")
      ->type_name("FILE");
  cmd->add_option("--report", args->targets.report, "Write the merged JSON report")
      ->type_name("FILE");
  cmd->footer(
      "Examples:\n"
      "  recproc run --shard 3/8 --parts parts/ --schema s.json logs/*.csv\n"
      "  recproc merge parts/ --shards 8 --check\n"
      "  recproc merge parts/ --shards 8 -o clean.csv --rejects rejects.ndjson\n"
      "Exit: 0 published, 1 the data failed (rejects and report kept), 3 incomplete\n"
      "or inconsistent (nothing published; --check says which shards to run).");
  cmd->callback([&action, args] { action = [args] { return run_merge(*args); }; });
}

}  // namespace recproc::cli
