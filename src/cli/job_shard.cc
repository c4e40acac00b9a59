// `recproc run --shard K/N` (issue 14): the phases of a job that differ for one shard.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "cli/exit_code.h"
#include "cli/job.h"
#include "cli/shard_manifest.h"
#include "cli/staged_output.h"
#include "io/file_source.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

bool same_ranges(const std::vector<ManifestRange>& done, const std::vector<ShardRange>& planned) {
  if (done.size() != planned.size()) return false;
  for (std::size_t i = 0; i < done.size(); ++i) {
    const ManifestRange& d = done[i];
    const ShardRange& p = planned[i];
    if (d.input != p.share.input || d.begin != p.records.begin || d.end != p.records.end ||
        d.assumed != p.assumed) {
      return false;
    }
  }
  return true;
}

}  // namespace

// The blocks a finished attempt staged, still on the blob (staged, or committed by a merge):
// a block id names its content (azure/block_id.h), so the output is there as the manifest says.
bool Job::blocks_still_staged(const ShardManifest& done) const {
  const BlobSettings blob{azure::credentials_for(plan_.blob_options), plan_.blob_options};
  return missing_block_counts({done}, done.output_blob, blob)[0] == 0;
}

void Job::arm_watchdogs() const {
  if (plan_.timeout_seconds > 0) io::exit_after(plan_.timeout_seconds);
  if (plan_.shard) io::exit_with_parent();
}

bool Job::plan_shard() {
  auto timer = phases_.start("open inputs");
  const ShardPlan& shard = *plan_.shard;
  std::error_code ec;
  std::filesystem::create_directories(shard.parts_dir, ec);
  if (ec) throw IoError(shard.parts_dir + ": cannot create the parts directory: " + ec.message());
  shard_inputs_ = describe_inputs(plan_);
  shard_ranges_ = plan_shard_ranges(plan_, shard_inputs_);

  // A re-run of the job, or a duplicate attempt, finds the shard done: same job, same ranges,
  // and the part (and rejects) still hashing to what the manifest says.
  const std::string manifest_path = shard.manifest_path();
  if (!std::filesystem::exists(manifest_path)) return false;
  ShardManifest done;
  try {
    done = parse_manifest(io::read_whole_file(manifest_path), manifest_path);
  } catch (const DataError& e) {
    spdlog::warn("{}; running the shard again", e.what());
    return false;
  }
  if (done.job != job_fingerprint(plan_, shard_inputs_) || done.shard != shard.index ||
      done.shards != shard.count || !same_ranges(done.ranges, shard_ranges_)) {
    return false;
  }
  auto matches = [&](const std::string& name, const std::string& sha, std::uint64_t bytes) {
    const std::string path = shard.parts_dir + "/" + name;
    if (!std::filesystem::exists(path)) return false;
    return file_sha256(path) == std::make_pair(sha, bytes);
  };
  if (done.output_blob != shard.output_blob) return false;
  if (shard.output_blob.empty() ? !matches(done.part, done.part_sha256, done.part_bytes)
                                : !blocks_still_staged(done)) {
    return false;
  }
  if (!done.rejects.empty() && !matches(done.rejects, done.rejects_sha256, done.rejects_bytes)) {
    return false;
  }
  spdlog::info("shard {}/{} already committed by attempt {} ({}): nothing to do", shard.index,
               shard.count, done.attempt,
               shard.output_blob.empty() ? "part hash matches" : "its blocks are on the blob");
  ctx_.exit_code = done.exit_code;
  return true;
}

void Job::publish_shard() {
  const ShardPlan& shard = *plan_.shard;
  const ExitCode code = stats_.stopped ? ExitCode::kDataError : ExitCode::kSuccess;
  if (stats_.stopped) {
    ctx_.error = stats_.stop_reason;
    spdlog::error("{}", stats_.stop_reason);
  }
  // Whatever the outcome, the part is the shard's deterministic result: the merge decides.
  // A blob output is only staged: the merge commits every shard's blocks at once (issue 14).
  StagedOutput staged;
  if (shard.output_blob.empty()) {
    output_->commit();
  } else {
    staged = output_->stage();
  }
  ctx_.output_published = true;
  if (rejects_) rejects_->commit();
  ctx_.exit_code = static_cast<int>(code);
  ctx_.status = code == ExitCode::kSuccess ? "success" : "data_error";

  ShardManifest m;
  m.shard = shard.index;
  m.shards = shard.count;
  m.attempt = shard.attempt;
  m.job = job_fingerprint(plan_, shard_inputs_);
  m.inputs = shard_inputs_;
  for (std::size_t i = 0; i < shard_ranges_.size(); ++i) {
    const ShardRange& r = shard_ranges_[i];
    ManifestRange mr;
    mr.input = r.share.input;
    mr.whole = r.share.whole;
    mr.nominal_begin = r.share.nominal_begin;
    mr.nominal_end = r.share.nominal_end;
    mr.preamble_end = r.preamble_end;
    mr.begin = r.records.begin;
    mr.end = r.records.end;
    mr.assumed = r.assumed;
    if (plan_.input_dialects[r.share.input]) {
      mr.end_state = r.records.end_state;
      mr.end_state_for_start = r.records.end_state_for_start;
    }
    mr.stats = stats_.inputs[i];
    m.ranges.push_back(std::move(mr));
  }
  if (shard.output_blob.empty()) {
    m.part = file_name(shard.part_path());
    std::tie(m.part_sha256, m.part_bytes) = file_sha256(shard.part_path());
  } else {
    m.output_blob = shard.output_blob;
    m.blocks = std::move(staged.blocks);
    m.part_bytes = staged.bytes;
    m.part_sha256 = staged.sha256;
  }
  if (rejects_) {
    m.rejects = file_name(shard.rejects_path());
    std::tie(m.rejects_sha256, m.rejects_bytes) = file_sha256(shard.rejects_path());
  }
  m.counts = stats_;
  m.bytes_out = stats_.bytes_out;
  for (engine::ErrorGroup g : stats_.error_groups) {
    std::vector<std::uint64_t> per_input(shard_inputs_.size(), 0);
    for (std::size_t i = 0; i < g.count_per_input.size(); ++i) {
      per_input[shard_ranges_[i].share.input] += g.count_per_input[i];
    }
    g.count_per_input = std::move(per_input);
    m.error_groups.push_back(std::move(g));
  }
  m.stopped = stats_.stopped;
  m.stop_reason = stats_.stop_reason;
  m.exit_code = ctx_.exit_code;
  m.policy = ctx_.policy;
  m.schema = ctx_.schema;
  m.schema_sha256 = plan_.schema_sha256;
  m.steps = ctx_.steps;
  m.max_rejects = ctx_.max_rejects;
  m.max_reject_rate = ctx_.max_reject_rate;

  io::OutputFile manifest(shard.manifest_path());
  manifest.write(manifest_json(m));
  manifest.commit();
  spdlog::info("shard {}/{} (attempt {}): {}", shard.index, shard.count, shard.attempt,
               report::summary_line(stats_));
}

}  // namespace recproc::cli
