// `recproc merge` (issue 14): checks the manifests of N shards and publishes the job's output,
// rejects and report as one run would have, atomically, or nothing at all.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/job_output.h"
#include "cli/shard_manifest.h"
#include "format/record_split.h"

namespace recproc::cli {

struct MergeCheck {
  struct Rerun {
    std::size_t shard = 0;
    format::QuoteState start_state = format::QuoteState::kUnquoted;
  };
  bool complete = false;  ///< every shard present, consistent, nothing to re-run
  /// Shards to run (again): no manifest yet, or their staged blocks are gone (issue 14).
  std::vector<std::size_t> missing;
  std::vector<Rerun> rerun;           ///< shards whose CSV start state was assumed wrongly
  std::vector<std::string> problems;  ///< anything else that stops the merge
  std::vector<ShardManifest> manifests;
};

/// Reads DIR/part-K.json for K in 0..shards-1 and checks them against each other: one job, the
/// shares its inputs' sizes give, record ranges that tile each input, CSV quote states that
/// chain, parts of the size their manifests say.
MergeCheck check_parts(const std::string& dir, std::size_t shards);

/// {"complete": ..., "shards": N, "missing": [...], "rerun": [{"shard", "start_state"}], ...}
std::string check_json(const MergeCheck& check, std::size_t shards);

struct MergeTargets {
  /// The job's output (a .gz / .zst name compresses). An azblob:// name commits the blocks the
  /// shards staged on it (staged_output.h).
  std::string output;
  std::string rejects;  ///< the job's rejects, when the shards kept any
  std::string report;   ///< the merged JSON report
};

/// Publishes the merged output (only when the job succeeded), rejects and report; returns the
/// job's exit code (0 or 1). Throws IoError, publishing nothing, when a part does not hash to
/// its manifest or the blob refuses the commit. `blob` is needed for an azblob:// output.
int merge_parts(const MergeCheck& check, const std::string& dir, const MergeTargets& targets,
                const BlobSettings* blob);

}  // namespace recproc::cli
